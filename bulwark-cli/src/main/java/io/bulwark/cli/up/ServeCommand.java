package io.bulwark.cli.up;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark serve --role gateway|identity}: runs only the named role from the configuration,
 * so several gateways can share one {@code bulwark.yaml} and one Redis, and the identity server can
 * run on its own. Same admin listener, logging and SIGTERM handling as {@code up}. One role a
 * process; the roles that cannot run alone yet are refused with a message pointing to {@code up}.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run one role (gateway or identity) from the configuration file.")
public final class ServeCommand implements Callable<Integer> {
  /** The roles that can run alone. */
  static final Set<String> SERVABLE = Set.of("gateway", "identity");

  private static final Set<String> KNOWN =
      Set.of("gateway", "identity", "policy", "audit", "bakery");

  @Spec CommandSpec spec;

  @Mixin ProcessOptions common;

  @Option(
      names = "--role",
      required = true,
      split = ",",
      description = "The role to run: gateway or identity.")
  List<String> roles;

  @Override
  public Integer call() throws Exception {
    for (String role : roles) {
      String name = role.trim().toLowerCase(Locale.ROOT);
      if (!KNOWN.contains(name)) {
        return usage("unknown role " + role + "; roles: gateway, identity, policy, audit, bakery");
      }
      if (!SERVABLE.contains(name)) {
        return usage(
            "role "
                + name
                + " cannot run alone yet; `bulwark serve` runs: gateway, identity."
                + " Run every role together with `bulwark up`");
      }
    }
    if (roles.size() != 1) {
      return usage(
          "`bulwark serve` runs one role a process; run every role together with `bulwark up`");
    }
    String role = roles.get(0).trim().toLowerCase(Locale.ROOT);
    return RoleProcess.run(
        spec,
        new ConfigSource(common.configFile(), System.getenv(), common.overrides()),
        role.equals("identity") ? IdentityNode::start : GatewayNode::start);
  }

  private int usage(String message) {
    spec.commandLine().getErr().println("bulwark: " + message);
    spec.commandLine().getErr().flush();
    return UpCommand.EXIT_USAGE;
  }
}
