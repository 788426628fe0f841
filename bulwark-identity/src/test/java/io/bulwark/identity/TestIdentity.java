package io.bulwark.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import io.bulwark.core.crypto.LocalCa;
import io.bulwark.core.crypto.ServerCertificate;
import io.bulwark.core.json.Json;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.identity.client.ClientRegistry;
import io.bulwark.identity.store.IdentityDatabase;
import io.bulwark.identity.store.RegisteredClient.AuthMethod;
import io.bulwark.sdk.token.TokenVerifier;
import io.bulwark.testkit.FakeClock;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A running identity server on embedded H2 with a local CA, a fake clock, a recording audit log and
 * an HTTPS client that trusts the CA; plus helpers for form posts. Close it after the test.
 */
public final class TestIdentity implements AutoCloseable {
  public final FakeClock clock = new FakeClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  public final RecordingAuditLog audit = new RecordingAuditLog();
  public final IdentityDatabase db;
  public final IdentityServer server;
  public final HttpClient http;
  public final LocalCa ca;
  private final Telemetry telemetry;

  public TestIdentity(Path dir) throws IOException {
    this(dir, c -> c);
  }

  public TestIdentity(Path dir, UnaryOperator<IdentityConfig> tune) throws IOException {
    ca = LocalCa.loadOrCreate(dir.resolve("tls"), clock);
    ServerCertificate cert = ca.loadOrIssueLocalhost(dir.resolve("tls"));
    db = IdentityDatabase.h2(dir.resolve("identity"));
    telemetry = Telemetry.create("identity-test", Optional.empty(), 0.0);
    IdentityConfig config =
        tune.apply(IdentityConfig.defaults(cert.certificateFile(), cert.privateKeyFile()));
    server = IdentityServer.start(config, db, audit, telemetry, clock);
    http =
        HttpClient.newBuilder()
            .sslContext(ca.sslContextTrustingCa())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** Registers a secret client; returns its secret. */
  public String secretClient(String id, Set<String> grants, Set<String> scopes, List<String> aud) {
    return secretClient(id, grants, scopes, aud, null);
  }

  /** Registers a secret client serving API {@code resource}; returns its secret. */
  public String secretClient(
      String id, Set<String> grants, Set<String> scopes, List<String> aud, String resource) {
    return server
        .clients()
        .register(
            new ClientRegistry.Registration(
                id,
                AuthMethod.CLIENT_SECRET,
                null,
                List.of("https://app.example/cb"),
                grants,
                scopes,
                aud,
                resource,
                true,
                "test"))
        .secret()
        .orElseThrow();
  }

  public URI url(String path) {
    return server.endpoints().url(path);
  }

  public static String basic(String id, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (URLEncoder.encode(id, StandardCharsets.UTF_8)
                        + ":"
                        + URLEncoder.encode(secret, StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
  }

  public static String form(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e ->
            URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  public static Map<String, String> params(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** POSTs a form to {@code path}, with an Authorization header unless null. */
  public HttpResponse<String> post(String path, String authorization, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String path, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(10)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public static JsonNode json(HttpResponse<String> response) throws IOException {
    return Json.mapper().readTree(response.body());
  }

  /** A client_credentials access token for a secret client. */
  public String clientToken(String id, String secret, String... extra)
      throws IOException, InterruptedException {
    Map<String, String> p = params("grant_type", "client_credentials");
    p.putAll(params(extra));
    HttpResponse<String> response = post("/oauth2/token", basic(id, secret), form(p));
    if (response.statusCode() != 200) {
      throw new IllegalStateException("token request failed: " + response.body());
    }
    return json(response).get("access_token").asText();
  }

  /** A verifier as a resource server with this audience would build it, trusting our JWKS. */
  public TokenVerifier verifier(String audience) throws Exception {
    return TokenVerifier.builder()
        .issuer(server.issuer().toString())
        .audience(audience)
        .jwkSet(com.nimbusds.jose.jwk.JWKSet.parse(get("/jwks", null).body()))
        .clock(clock)
        .build();
  }

  public static IdentityConfig es256(IdentityConfig c) {
    return c.withSigningAlgorithm(JWSAlgorithm.ES256);
  }

  @Override
  public void close() {
    server.close();
    db.close();
    telemetry.close();
  }
}
