package io.bulwark.cli.dev;

import io.bulwark.cli.up.DataDirLayout;
import io.bulwark.core.crypto.SigningKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark token}: prints a short-lived access token for a demo user, signed with the data
 * dir's key. A development tool for trying the services that {@code bulwark up} starts.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Print an access token (RFC 9068 JWT) for a demo user of a local `bulwark up`.",
      "Development only: it signs with the private key in the data dir."
    })
public final class TokenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--user",
      required = true,
      description = "Demo user (see demo-credentials.json), e.g. alice, carol.")
  String user;

  @Option(
      names = "--audience",
      required = true,
      description = "Service the token is for: catalog, orders, payments or audit.")
  String audience;

  @Option(
      names = "--scope",
      defaultValue = DevTokenIssuer.DEFAULT_USER_SCOPE,
      description =
          "Space-separated scopes (default '${DEFAULT-VALUE}'); the audit listener needs"
              + " audit:write to post events and audit:read to list alerts.")
  String scope;

  @Option(
      names = "--ttl",
      defaultValue = "PT5M",
      description = "Lifetime as ISO-8601 duration (default ${DEFAULT-VALUE}, max PT12H).")
  Duration ttl;

  @Option(
      names = "--data-dir",
      defaultValue = ".bulwark",
      description = "Data dir of `bulwark up` (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() throws java.io.IOException {
    DemoCredentials credentials = DemoCredentials.load(dataDir);
    DemoCredentials.User demoUser =
        credentials
            .user(user)
            .orElseThrow(() ->
                new IllegalArgumentException(
                    "no demo user '"
                        + user
                        + "' in "
                        + dataDir.resolve(DemoCredentials.FILE_NAME)));
    SigningKeys keys =
        SigningKeys.loadOrCreate(dataDir.resolve(DataDirLayout.SIGNING_KEYS), Clock.systemUTC());
    DevTokenIssuer issuer = new DevTokenIssuer(keys.current(), Clock.systemUTC());
    spec.commandLine().getOut().println(issuer.issueForUser(demoUser, audience, ttl, scope));
    return 0;
  }
}
