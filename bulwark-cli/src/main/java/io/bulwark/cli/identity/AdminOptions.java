package io.bulwark.cli.identity;

import io.bulwark.cli.dev.DemoCredentials;
import io.bulwark.cli.dev.IdentityClient;
import io.bulwark.cli.dev.LocalTrust;
import io.bulwark.cli.up.DataDirLayout;
import io.bulwark.cli.up.Endpoints;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;

/**
 * Where the admin commands find the identity server and how they get their admin token. The token
 * is, in order: the file given with {@code --token-file}, {@code BULWARK_TOKEN}, or a {@code
 * client_credentials} token of the bootstrap client {@code bulwark-admin} whose secret {@code
 * bulwark up} keeps in the data dir's {@code demo-credentials.json} (mode 0600). A token is never
 * taken as an option value: the process list would show it.
 */
final class AdminOptions {
  /** Environment variable holding an access token with scope {@code identity:admin}. */
  static final String TOKEN_VARIABLE = "BULWARK_TOKEN";

  @Option(
      names = "--data-dir",
      defaultValue = ".bulwark",
      description = "Data dir of `bulwark up` (default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "The identity server's base URL (default: the `identity` entry of the data dir's"
              + " endpoints.json).")
  URI url;

  @Option(
      names = "--cacert",
      paramLabel = "PEM",
      description =
          "CA certificate to trust for the identity server (default: the data dir's local CA).")
  Path caCertificate;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "File holding an access token with scope identity:admin (else: $"
              + TOKEN_VARIABLE
              + ", else the data dir's bulwark-admin client).")
  Path tokenFile;

  /** Reads variables; tests replace it. */
  UnaryOperator<String> environment = System::getenv;

  /** A client of the admin API, with a token got as the class comment says. */
  AdminClient connect() throws IOException {
    Path endpointsFile = dataDir.resolve(DataDirLayout.ENDPOINTS);
    Endpoints endpoints = Files.exists(endpointsFile) ? Endpoints.readFrom(endpointsFile) : null;
    URI base = url != null ? url : endpoints == null ? null : endpoints.identity();
    if (base == null) {
      throw new AdminClient.AdminException(
          endpointsFile
              + (endpoints == null ? " does not exist" : " names no identity server")
              + ": `bulwark up` must be running (or give the server with --url)");
    }
    SSLContext tls = LocalTrust.context(caCertificate, endpoints);
    return new AdminClient(base, token(base, endpoints, tls), tls);
  }

  private String token(URI base, Endpoints endpoints, SSLContext tls) throws IOException {
    if (tokenFile != null) {
      String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
      if (token.isEmpty()) {
        throw new AdminClient.AdminException(tokenFile + " is empty");
      }
      return token;
    }
    String fromEnvironment = environment.apply(TOKEN_VARIABLE);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return fromEnvironment.strip();
    }
    Path file = dataDir.resolve(DemoCredentials.FILE_NAME);
    Optional<DemoCredentials.Client> admin =
        Files.exists(file)
            ? DemoCredentials.load(dataDir)
                .client(DemoCredentials.ADMIN_CLIENT_ID)
                .filter(c -> c.clientSecret() != null)
            : Optional.empty();
    if (admin.isEmpty()) {
      throw new AdminClient.AdminException(
          "no admin token: set "
              + TOKEN_VARIABLE
              + " or --token-file, or run `bulwark up` (it keeps the bulwark-admin client in "
              + file
              + ")");
    }
    String issuer =
        endpoints != null && endpoints.issuer() != null ? endpoints.issuer() : base.toString();
    return new IdentityClient(base, issuer, tls)
        .clientCredentials(
            admin.get().clientId(), admin.get().clientSecret(), DemoCredentials.ADMIN_AUDIENCE)
        .value();
  }
}
