package io.bulwark.interop.spring;

import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.crypto.LocalCa;
import io.bulwark.core.crypto.ServerCertificate;
import io.bulwark.core.json.Json;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.identity.IdentityConfig;
import io.bulwark.identity.IdentityServer;
import io.bulwark.identity.client.ClientRegistry;
import io.bulwark.identity.store.IdentityDatabase;
import io.bulwark.identity.store.RegisteredClient.AuthMethod;
import io.bulwark.identity.store.UserAccount;
import io.bulwark.testkit.FakeClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * A real Bulwark identity server for the interop tests: HTTPS with a fresh local CA, embedded H2, a
 * settable clock (to mint already-expired tokens) and an in-memory audit log.
 */
final class BulwarkIdentity implements AutoCloseable {
  static final String PASSWORD = "correct horse battery staple";

  final FakeClock clock = new FakeClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
  final LocalCa ca;
  final IdentityServer server;
  private final IdentityDatabase db;
  private final Telemetry telemetry;
  private final HttpClient http;

  BulwarkIdentity(Path dir) throws IOException {
    ca = LocalCa.loadOrCreate(dir.resolve("tls"), clock);
    ServerCertificate cert = ca.loadOrIssueLocalhost(dir.resolve("tls"));
    db = IdentityDatabase.h2(dir.resolve("identity"));
    telemetry = Telemetry.create("identity-interop", Optional.empty(), 0.0);
    AuditLog log =
        new AuditLog() {
          @Override
          public void append(AuditEvent event) {
            audit.add(event);
          }

          @Override
          public void close() {}
        };
    server =
        IdentityServer.start(
            IdentityConfig.defaults(cert.certificateFile(), cert.privateKeyFile()),
            db,
            log,
            telemetry,
            clock);
    http =
        HttpClient.newBuilder()
            .sslContext(ca.sslContextTrustingCa())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** The issuer URL, exactly as Spring must be given it ({@code https://127.0.0.1:<port>}). */
  String issuer() {
    return server.issuer().toString();
  }

  SSLContext sslContext() {
    return ca.sslContextTrustingCa();
  }

  /**
   * Writes a PKCS#12 trust store holding only Bulwark's CA certificate, as a user would make one
   * with {@code keytool -importcert} for {@code -Djavax.net.ssl.trustStore}.
   */
  Path writeTrustStore(Path file, char[] password) throws IOException {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("bulwark-ca", ca.certificate());
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, password);
      }
      return file;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot write the trust store", e);
    }
  }

  /** Registers a confidential (client_secret_basic) client; returns its secret. */
  String secretClient(
      String id,
      List<String> redirectUris,
      Set<String> grants,
      Set<String> scopes,
      List<String> aud) {
    return server
        .clients()
        .register(
            new ClientRegistry.Registration(
                id,
                AuthMethod.CLIENT_SECRET,
                null,
                redirectUris,
                grants,
                scopes,
                aud,
                null,
                true,
                "interop test client"))
        .secret()
        .orElseThrow();
  }

  UserAccount user(String username) {
    return server
        .users()
        .create(username, PASSWORD, List.of("customer"), List.of(), Map.of("tenant", "bakery"));
  }

  /** A client_credentials access token; {@code extra} are more form parameters. */
  String clientCredentialsToken(String id, String secret, String... extra)
      throws IOException, InterruptedException {
    StringBuilder form = new StringBuilder("grant_type=client_credentials");
    for (int i = 0; i < extra.length; i += 2) {
      form.append('&').append(extra[i]).append('=').append(encode(extra[i + 1]));
    }
    HttpResponse<String> response = postToken(basic(id, secret), form.toString());
    return Json.mapper().readTree(response.body()).get("access_token").asText();
  }

  HttpResponse<String> postToken(String authorization, String form)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(issuer() + "/oauth2/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "token request failed: " + response.statusCode() + " " + response.body());
    }
    return response;
  }

  static String basic(String id, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((encode(id) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  /** Audit event types so far, oldest first. */
  List<String> auditTypes() {
    return audit.stream().map(AuditEvent::type).toList();
  }

  @Override
  public void close() {
    server.close();
    db.close();
    telemetry.close();
  }
}
