package io.bulwark.cli.up;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark up}: every role in one JVM on embedded storage. Creates keys, a local CA and demo
 * data on first start, reuses them later, and stops cleanly (exit 0) on Ctrl-C or SIGTERM.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = "Run every Bulwark role and the bakery demo in one process.")
public final class UpCommand implements Callable<Integer> {

  /** Exit code when a port is busy (and for other usage errors). */
  public static final int EXIT_USAGE = 2;

  @Spec CommandSpec spec;

  @Mixin ProcessOptions common;

  @Option(names = "--catalog-port", description = "Bakery catalog port (default 8081).")
  Integer catalogPort;

  @Option(names = "--orders-port", description = "Bakery orders port (default 8082).")
  Integer ordersPort;

  @Option(names = "--payments-port", description = "Bakery payments port (default 8083).")
  Integer paymentsPort;

  @Option(names = "--policy-port", description = "Decision API port (default 9901).")
  Integer policyPort;

  @Option(names = "--audit-port", description = "Audit listener port (default 9902).")
  Integer auditPort;

  @Option(names = "--identity-port", description = "Identity server port (default 9443).")
  Integer identityPort;

  @Override
  public Integer call() throws Exception {
    return RoleProcess.run(
        spec,
        new ConfigSource(common.configFile(), System.getenv(), overrides()),
        (config, source) -> {
          LocalPlatform platform = LocalPlatform.start(config, source);
          return new RoleProcess.Running() {
            @Override
            public void printReady(PrintWriter out, long readyMillis) {
              new Banner(platform.endpoints(), platform.dataDir(), readyMillis).print(out);
            }

            @Override
            public void close() {
              platform.close();
            }
          };
        });
  }

  private Map<String, String> overrides() {
    Map<String, String> overrides = common.overrides();
    ProcessOptions.put(overrides, "bakery.catalogPort", catalogPort);
    ProcessOptions.put(overrides, "bakery.ordersPort", ordersPort);
    ProcessOptions.put(overrides, "bakery.paymentsPort", paymentsPort);
    ProcessOptions.put(overrides, "policy.port", policyPort);
    ProcessOptions.put(overrides, "audit.port", auditPort);
    ProcessOptions.put(overrides, "identity.port", identityPort);
    return overrides;
  }
}
