package io.bulwark.cli.up;

import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.cli.dev.DemoCredentials;
import io.bulwark.cli.dev.IdentityClient;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.config.IdentityConfig;
import io.bulwark.core.config.TlsConfig;
import io.bulwark.core.crypto.LocalCa;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.identity.client.ClientSecrets;
import io.bulwark.sdk.token.TokenVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Test fixture: the identity role of {@code bulwark up} in a temporary data dir, with the demo data
 * seeded and {@code endpoints.json} written as {@code bulwark up} writes it, so commands that read
 * the data dir find it. Only the identity role runs.
 */
public final class LocalIdentity implements AutoCloseable {
  private final Path dataDir;
  private final Telemetry telemetry;
  private final ListenerTls tls;
  private final DemoCredentials demo;
  private final IdentityRole role;

  public LocalIdentity(Path dataDir) throws Exception {
    this.dataDir = dataDir;
    Clock clock = Clock.systemUTC();
    telemetry = Telemetry.create("local-identity-test", Optional.empty(), 0.0);
    Path tlsDir = dataDir.resolve("tls");
    tls = ListenerTls.resolve(TlsConfig.defaults(), LocalCa.loadOrCreate(tlsDir, clock), tlsDir);
    demo = DemoCredentials.loadOrCreate(dataDir);
    IdentityConfig d = IdentityConfig.defaults();
    IdentityConfig config =
        new IdentityConfig(
            d.host(),
            0,
            d.issuer(),
            d.signingAlgorithm(),
            d.accessTokenTtl(),
            d.idTokenTtl(),
            d.authorizationCodeTtl(),
            d.refreshTokenIdleTtl(),
            d.refreshTokenMaxTtl());
    AuditLog audit =
        new AuditLog() {
          @Override
          public void append(AuditEvent event) {}

          @Override
          public void close() {}
        };
    role =
        IdentityRole.start(
            config, dataDir, tls, demo, telemetry, audit, clock, ClientSecrets.generate());
    new Endpoints(
            null,
            null,
            null,
            Map.of(),
            null,
            null,
            tls.caCertificate().map(Path::toString).orElse(null),
            role.issuer(),
            role.baseUri(),
            null,
            null,
            null,
            0,
            null)
        .writeTo(dataDir.resolve(DataDirLayout.ENDPOINTS));
  }

  public Path dataDir() {
    return dataDir;
  }

  public DemoCredentials demo() {
    return demo;
  }

  public URI baseUri() {
    return role.baseUri();
  }

  /** Gets tokens the way `bulwark token` does. */
  public IdentityClient client() {
    return new IdentityClient(role.baseUri(), role.issuer(), tls.clientContext());
  }

  /** A user token through the code flow of the bulwark-cli client. */
  public String userToken(String username, String password, String audience) {
    return client()
        .authorizationCode(
            DemoCredentials.CLI_CLIENT_ID, username, password, "openid bakery", audience)
        .value();
  }

  /** Verifies tokens for {@code audience} against the server's /jwks, as a service would. */
  public TokenVerifier verifier(String audience) {
    return role.trust(tls, Clock.systemUTC()).forAudience(audience);
  }

  /** The public keys the server publishes at /jwks. */
  public JWKSet jwks() throws Exception {
    return JWKSet.parse(send(HttpRequest.newBuilder(role.baseUri().resolve("/jwks"))).body());
  }

  /** The status /userinfo answers for {@code token}: 200 while it is active. */
  public int userinfoStatus(String token) throws Exception {
    return send(HttpRequest.newBuilder(role.baseUri().resolve("/userinfo"))
            .header("Authorization", "Bearer " + token))
        .statusCode();
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    try (HttpClient http = HttpClient.newBuilder().sslContext(tls.clientContext()).build()) {
      return http.send(
          request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  @Override
  public void close() {
    try {
      role.close();
    } finally {
      telemetry.close();
    }
  }
}
