package io.bulwark.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.gateway.auth.IssuerSettings;
import io.bulwark.gateway.auth.JwksServer;
import io.bulwark.gateway.auth.TokenMinter;
import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.ClusterConfig.EndpointAddress;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.ListenerConfig;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.config.Timeouts;
import io.bulwark.gateway.ratelimit.ClusterRateLimitSettings.FailureMode;
import io.bulwark.gateway.security.GatewaySecurity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * EdDSA (Ed25519, RFC 8037) access tokens through a real gateway: accepted from an issuer pinned to
 * EdDSA, refused when tampered, and never accepted across algorithm pins (an RS256 issuer refuses
 * EdDSA tokens signed by a key in its own set, and the other way round).
 */
@Timeout(60)
class EdDsaGatewayTest {
  private final MemoryAuditLog audit = new MemoryAuditLog();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private JwksServer edIssuer;
  private JwksServer rsIssuer;
  private TokenMinter ed;
  private TokenMinter edAtRsIssuer;
  private TokenMinter rs;
  private TokenMinter rsAtEdIssuer;
  private TestBackend backend;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private int port;

  @BeforeEach
  void start() throws Exception {
    edIssuer = JwksServer.oidc();
    rsIssuer = JwksServer.oidc();
    ed = TokenMinter.ed25519(edIssuer.issuer(), "ed-1");
    rsAtEdIssuer = new TokenMinter(edIssuer.issuer(), TokenMinter.newKey("rsa-at-ed"));
    rs = new TokenMinter(rsIssuer.issuer(), TokenMinter.newKey("rsa-1"));
    edAtRsIssuer = TokenMinter.ed25519(rsIssuer.issuer(), "ed-at-rsa");
    // Each issuer publishes a key of the other family too, so only the pin can refuse it.
    edIssuer.publish(ed.publicJwk());
    edIssuer.publish(rsAtEdIssuer.publicJwk());
    rsIssuer.publish(rs.publicJwk());
    rsIssuer.publish(edAtRsIssuer.publicJwk());
    backend = TestBackend.start("bakery");
    port =
        startGateway(
            IssuerSettings.builder(edIssuer.issuer())
                .audience("bakery")
                .algorithms(Set.of(JWSAlgorithm.EdDSA))
                .build(),
            IssuerSettings.builder(rsIssuer.issuer()).audience("bakery").build());
  }

  private int startGateway(IssuerSettings... issuers) throws Exception {
    GatewaySecurity security =
        GatewaySecurity.start(
            new GatewaySecurity.Settings(
                List.of(issuers), List.of(), null, null, null, FailureMode.OPEN, "bakery"),
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
            Clock.systemUTC());
    toClose.add(security);
    GatewayConfig config =
        new GatewayConfig(
            List.of(ListenerConfig.plain("public", "127.0.0.1", 0)),
            List.of(RouteConfig.of("orders", PathMatch.prefix("/orders"), "bakery")),
            List.of(ClusterConfig.of("bakery", new EndpointAddress("127.0.0.1", backend.port()))),
            Timeouts.DEFAULTS,
            Limits.DEFAULTS,
            List.of());
    GatewayServer gateway =
        security.install(GatewayServer.builder(config).auditLog(audit).workerThreads(1)).build();
    toClose.add(gateway);
    gateway.start();
    return gateway.port("public");
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    backend.close();
    edIssuer.close();
    rsIssuer.close();
    client.close();
  }

  private HttpResponse<String> call(String token) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders/7"))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aValidEdDsaTokenReachesTheBackendWithTheVerifiedIdentity() throws Exception {
    String token = ed.mint(Instant.now());

    HttpResponse<String> r = call(token);

    assertThat(r.statusCode()).isEqualTo(200);
    TestBackend.Seen seen = backend.next();
    assertThat(seen.header("authorization")).isEqualTo("Bearer " + token);
    assertThat(seen.header("x-bulwark-principal")).isEqualTo("alice");
    assertThat(seen.header("x-bulwark-auth-method")).isEqualTo("jwt");
  }

  @Test
  void aTamperedEdDsaTokenIsRefusedAndNeverForwarded() throws Exception {
    String[] parts = ed.mint(Instant.now()).split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"alice\"", "\"admin\"");
    String tamperedClaims =
        parts[0] + "." + base64(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
    signature[5] ^= 0x01;
    String tamperedSignature = parts[0] + "." + parts[1] + "." + base64(signature);

    for (String token : List.of(tamperedClaims, tamperedSignature)) {
      HttpResponse<String> r = call(token);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).contains("error=\"invalid_token\""));
      assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
    }
    assertThat(backend.seen.poll(200, TimeUnit.MILLISECONDS)).isNull();
    awaitAudited(2);
    assertThat(audit.events.stream().map(AuditEvent::reason)).containsOnly("signature-invalid");
  }

  @Test
  void algorithmPinsRefuseEdDsaAtAnRs256IssuerAndRs256AtAnEdDsaIssuer() throws Exception {
    Instant now = Instant.now();
    // Correctly signed tokens, with keys each issuer really publishes, but outside its pin.
    String edDsaAtRsIssuer = edAtRsIssuer.mint(now);
    String rs256AtEdIssuer = rsAtEdIssuer.mint(now);
    // Confusion: claim EdDSA with the RSA key's kid, and RS256 with the Ed25519 key's kid.
    String edDsaNamingRsaKey =
        edAtRsIssuer.mint(
            edAtRsIssuer.claims(now).build(),
            h ->
                new JWSHeader.Builder(JWSAlgorithm.EdDSA)
                    .type(new JOSEObjectType("at+jwt"))
                    .keyID("rsa-1"));
    String rs256NamingEdKey =
        ed.mint(
            ed.claims(now).build(),
            h ->
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .type(new JOSEObjectType("at+jwt"))
                    .keyID("ed-1"));

    for (String token :
        List.of(edDsaAtRsIssuer, rs256AtEdIssuer, edDsaNamingRsaKey, rs256NamingEdKey)) {
      HttpResponse<String> r = call(token);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).contains("error=\"invalid_token\""));
    }
    assertThat(backend.seen.poll(200, TimeUnit.MILLISECONDS)).isNull();
    awaitAudited(4);
    assertThat(audit.events.stream().map(AuditEvent::reason)).containsOnly("algorithm-not-allowed");
    // Both issuers still take what they are pinned to.
    assertThat(call(rs.mint(now)).statusCode()).isEqualTo(200);
    assertThat(call(ed.mint(now)).statusCode()).isEqualTo(200);
  }

  @Test
  void anIssuerPinnedToBothFamiliesStillMatchesTheKeyTypeToTheAlgorithm() throws Exception {
    // With RS256 and EdDSA both allowed, an EdDSA token naming the RSA key finds no Ed25519 key.
    var both =
        IssuerSettings.builder(rsIssuer.issuer())
            .audience("bakery")
            .algorithms(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.EdDSA))
            .build();
    port = startGateway(both);
    Instant now = Instant.now();
    String edDsaNamingRsaKey =
        edAtRsIssuer.mint(
            edAtRsIssuer.claims(now).build(),
            h ->
                new JWSHeader.Builder(JWSAlgorithm.EdDSA)
                    .type(new JOSEObjectType("at+jwt"))
                    .keyID("rsa-1"));

    assertThat(call(edDsaNamingRsaKey).statusCode()).isEqualTo(401);
    awaitAudited(1);
    assertThat(audit.events.get(0).reason()).isEqualTo("unknown-key");
    assertThat(call(edAtRsIssuer.mint(now)).statusCode()).isEqualTo(200);
    assertThat(call(rs.mint(now)).statusCode()).isEqualTo(200);
  }

  @Test
  void settingsAcceptEdDsaButStillRefuseHmacAndNone() {
    var builder = IssuerSettings.builder(edIssuer.issuer()).audience("bakery");
    assertThat(builder.algorithms(Set.of(JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519)).build())
        .isNotNull();
    assertThatThrownBy(() -> builder.algorithms(Set.of(JWSAlgorithm.Ed448)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.algorithms(Set.of(JWSAlgorithm.HS256)).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String base64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private void awaitAudited(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (audit.events.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(audit.events.size()).isGreaterThanOrEqualTo(count);
  }
}
