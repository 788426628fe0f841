package io.bulwark.cli.up;

import io.bulwark.core.config.BulwarkConfig;
import io.bulwark.core.config.ConfigException;
import io.bulwark.core.config.ConfigLoader;
import io.bulwark.core.log.Logging;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

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

  @Option(
      names = {"-c", "--config"},
      description = "Configuration file (default: ./bulwark.yaml when it exists).")
  Path configFile;

  @Option(names = "--data-dir", description = "State directory (default ./.bulwark).")
  String dataDir;

  @Option(names = "--admin-port", description = "Admin listener port (default 9900).")
  Integer adminPort;

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

  @Option(names = "--gateway-port", description = "Gateway HTTPS port (default 8443).")
  Integer gatewayPort;

  @Option(names = "--log-format", description = "Log format: text or json (default text).")
  String logFormat;

  @Option(names = "--log-level", description = "Root log level (default info).")
  String logLevel;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BulwarkConfig config;
    try {
      config = new ConfigLoader().load(configFile(), System.getenv(), overrides());
    } catch (ConfigException e) {
      e.errors().forEach(error -> err.println("bulwark: " + error));
      return EXIT_USAGE;
    }
    Logging.configure(config.log().format(), config.log().level());

    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    Signal.handle(new Signal("INT"), signal -> stop.countDown());

    LocalPlatform platform;
    try {
      platform = LocalPlatform.start(config);
    } catch (BusyPortException e) {
      err.println("bulwark: " + e.getMessage());
      err.flush();
      return EXIT_USAGE;
    } catch (PolicyRole.BrokenPoliciesException | AuditRole.BrokenRulesException e) {
      err.println("bulwark: " + e.getMessage());
      err.flush();
      return 1;
    }
    try (platform) {
      long readyMillis =
          System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
      new Banner(platform.endpoints(), platform.dataDir(), readyMillis).print(out);
      out.flush();
      stop.await();
      out.println("bulwark: stopping");
      out.flush();
    }
    return 0;
  }

  private Optional<Path> configFile() {
    if (configFile != null) {
      return Optional.of(configFile);
    }
    Path implicit = Path.of("bulwark.yaml");
    return Files.isRegularFile(implicit) ? Optional.of(implicit) : Optional.empty();
  }

  private Map<String, String> overrides() {
    Map<String, String> overrides = new LinkedHashMap<>();
    put(overrides, "dataDir", dataDir);
    put(overrides, "admin.port", adminPort);
    put(overrides, "bakery.catalogPort", catalogPort);
    put(overrides, "bakery.ordersPort", ordersPort);
    put(overrides, "bakery.paymentsPort", paymentsPort);
    put(overrides, "policy.port", policyPort);
    put(overrides, "audit.port", auditPort);
    put(overrides, "identity.port", identityPort);
    if (gatewayPort != null) {
      put(
          overrides,
          "gateway.listeners",
          "[{\"name\":\"https\",\"host\":\"127.0.0.1\",\"port\":" + gatewayPort + "}]");
    }
    put(overrides, "log.format", logFormat);
    put(overrides, "log.level", logLevel);
    return overrides;
  }

  private static void put(Map<String, String> overrides, String key, Object value) {
    if (value != null) {
      overrides.put(key, value.toString());
    }
  }
}
