package io.bulwark.cli.dev;

import io.bulwark.cli.up.DataDirLayout;
import io.bulwark.cli.up.Endpoints;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark token}: prints an access token that the identity server of a running {@code
 * bulwark up} issued, for a demo user (authorization code + PKCE, signing in with the demo
 * password) or a demo client ({@code client_credentials}). A development tool for trying the
 * services that {@code bulwark up} starts.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Print an access token (RFC 9068 JWT) from the identity server of a running `bulwark up`,",
      "for a demo user (code flow with PKCE) or a demo client (client_credentials)."
    })
public final class TokenCommand implements Callable<Integer> {
  /** The scope of user tokens unless another is asked for. */
  public static final String DEFAULT_USER_SCOPE = "openid bakery";

  @Spec CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  Subject subject;

  static final class Subject {
    @Option(
        names = "--user",
        description = "Demo user (see demo-credentials.json), e.g. alice, carol.")
    String user;

    @Option(
        names = "--client",
        description = "Demo client with a secret (see demo-credentials.json), e.g. orders-service.")
    String client;
  }

  @Option(
      names = "--audience",
      required = true,
      description = "Service the token is for: catalog, orders, payments or audit.")
  String audience;

  @Option(
      names = "--scope",
      defaultValue = DEFAULT_USER_SCOPE,
      description =
          "Space-separated scopes of a user token (default '${DEFAULT-VALUE}'); the audit"
              + " listener needs audit:write to post events and audit:read to list alerts.")
  String scope;

  @Option(
      names = "--cacert",
      description =
          "CA certificate (PEM) to trust for the identity server (default: the data dir's local"
              + " CA, or the JDK's trust store when `bulwark up` uses an operator certificate).")
  Path caCertificate;

  @Option(
      names = "--data-dir",
      defaultValue = ".bulwark",
      description = "Data dir of `bulwark up` (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() throws IOException {
    DemoCredentials credentials = DemoCredentials.load(dataDir);
    Endpoints endpoints = Endpoints.readFrom(dataDir.resolve(DataDirLayout.ENDPOINTS));
    if (endpoints.identity() == null || endpoints.issuer() == null) {
      throw new IllegalStateException(
          dataDir.resolve(DataDirLayout.ENDPOINTS) + " names no identity server: run `bulwark up`");
    }
    IdentityClient identity =
        new IdentityClient(endpoints.identity(), endpoints.issuer(), trust(endpoints));

    IdentityClient.AccessToken token;
    if (subject.user != null) {
      DemoCredentials.User user =
          credentials.user(subject.user).orElseThrow(() -> unknown("user", subject.user));
      token =
          identity.authorizationCode(
              DemoCredentials.CLI_CLIENT_ID, user.username(), user.password(), scope, audience);
    } else {
      DemoCredentials.Client client =
          credentials.clients().stream()
              .filter(c -> c.clientId().equals(subject.client) && c.clientSecret() != null)
              .findFirst()
              .orElseThrow(() -> unknown("client with a secret", subject.client));
      token = identity.clientCredentials(client.clientId(), client.clientSecret(), audience);
    }
    spec.commandLine().getOut().println(token.value());
    return 0;
  }

  private IllegalArgumentException unknown(String what, String name) {
    return new IllegalArgumentException(
        "no demo " + what + " '" + name + "' in " + dataDir.resolve(DemoCredentials.FILE_NAME));
  }

  private SSLContext trust(Endpoints endpoints) throws IOException {
    return LocalTrust.context(caCertificate, endpoints);
  }
}
