package io.bulwark.cli;

import io.bulwark.cli.audit.AuditCommand;
import io.bulwark.cli.dev.TokenCommand;
import io.bulwark.cli.gateway.GatewayCommand;
import io.bulwark.cli.identity.ClientsCommand;
import io.bulwark.cli.identity.KeysCommand;
import io.bulwark.cli.identity.RolesCommand;
import io.bulwark.cli.identity.SessionsCommand;
import io.bulwark.cli.identity.UsersCommand;
import io.bulwark.cli.policy.PolicyCommand;
import io.bulwark.cli.up.ServeCommand;
import io.bulwark.cli.up.UpCommand;
import picocli.CommandLine.Command;

/** The root {@code bulwark} command; each role and tool is a subcommand. */
@Command(
    name = "bulwark",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Bulwark: zero-trust security platform for microservices.",
    subcommands = {
      UpCommand.class,
      ServeCommand.class,
      TokenCommand.class,
      ConfigCommand.class,
      PolicyCommand.class,
      AuditCommand.class,
      UsersCommand.class,
      ClientsCommand.class,
      RolesCommand.class,
      KeysCommand.class,
      SessionsCommand.class,
      GatewayCommand.class
    })
public final class BulwarkCommand {}
