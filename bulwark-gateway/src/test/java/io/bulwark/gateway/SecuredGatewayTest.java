package io.bulwark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.log.Secret;
import io.bulwark.gateway.auth.ApiKeyRecord;
import io.bulwark.gateway.auth.ApiKeys;
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
import io.bulwark.gateway.ratelimit.ClusterRateLimiter;
import io.bulwark.gateway.ratelimit.KeyPart;
import io.bulwark.gateway.revocation.FeedServer;
import io.bulwark.gateway.revocation.RevocationFeedSettings;
import io.bulwark.gateway.security.GatewaySecurity;
import io.bulwark.testkit.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real traffic through a {@link GatewayServer} with {@link GatewaySecurity} installed, to a real
 * backend: token attacks, revocation through a feed, rate limits local and shared in Redis.
 */
@Timeout(60)
class SecuredGatewayTest {
  private final MemoryAuditLog audit = new MemoryAuditLog();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private JwksServer issuer;
  private TokenMinter minter;
  private FeedServer feed;
  private TestBackend backend;
  private ApiKeys.Generated apiKey;

  @BeforeEach
  void startServers() throws Exception {
    issuer = JwksServer.oidc();
    minter = new TokenMinter(issuer.issuer(), TokenMinter.newKey("k1"));
    issuer.publish(minter.key());
    feed = new FeedServer();
    backend = TestBackend.start("bakery");
    apiKey = ApiKeys.generate(new SecureRandom());
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    backend.close();
    feed.close();
    issuer.close();
    client.close();
  }

  private List<RouteConfig> routes(String sharedRoute) {
    List<RouteConfig> routes = new ArrayList<>();
    routes.add(
        RouteConfig.of("open", PathMatch.prefix("/open"), "bakery")
            .withAuth(RouteConfig.Auth.ANONYMOUS));
    routes.add(
        RouteConfig.of("menu", PathMatch.prefix("/menu"), "bakery")
            .withAuth(RouteConfig.Auth.OPTIONAL));
    routes.add(
        RouteConfig.of("limited", PathMatch.prefix("/limited"), "bakery")
            .withRateLimit(
                new RouteConfig.RateLimit(
                    2, Duration.ofHours(1), List.of(KeyPart.USER, KeyPart.ROUTE), false)));
    if (sharedRoute != null) {
      routes.add(
          RouteConfig.of(sharedRoute, PathMatch.prefix("/shared"), "bakery")
              .withRateLimit(
                  new RouteConfig.RateLimit(3, Duration.ofHours(1), List.of(KeyPart.USER), true)));
    }
    routes.add(RouteConfig.of("orders", PathMatch.prefix("/orders"), "bakery"));
    return routes;
  }

  private int startGateway(String redisUri, String sharedRoute) throws Exception {
    GatewaySecurity security =
        GatewaySecurity.start(
            new GatewaySecurity.Settings(
                List.of(IssuerSettings.builder(issuer.issuer()).audience("bakery").build()),
                List.of(
                    new ApiKeyRecord(
                        apiKey.id(),
                        apiKey.sha256(),
                        "ci-robot",
                        Set.of("orders:read"),
                        null,
                        null)),
                null,
                RevocationFeedSettings.of(
                        URI.create(feed.issuer()),
                        FeedServer.CLIENT_ID,
                        Secret.of(FeedServer.CLIENT_SECRET))
                    .withInterval(Duration.ofMillis(100)),
                redisUri,
                FailureMode.OPEN,
                "bakery"),
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
            Clock.systemUTC());
    toClose.add(security);
    GatewayConfig config =
        new GatewayConfig(
            List.of(ListenerConfig.plain("public", "127.0.0.1", 0)),
            routes(sharedRoute),
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

  private HttpResponse<String> get(int port, String path, String... headers) throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10));
    if (headers.length > 0) {
      req.headers(headers);
    }
    return client.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> getWithToken(int port, String path, String token) throws Exception {
    return get(port, path, "Authorization", "Bearer " + token);
  }

  private static String alg(HttpResponse<String> r) {
    return r.headers().firstValue("WWW-Authenticate").orElse("");
  }

  @Test
  void validTokenReachesTheBackendWithTheVerifiedIdentityAndNoSpoofedOne() throws Exception {
    int port = startGateway(null, null);
    String token = minter.mint(Instant.now());

    HttpResponse<String> r =
        get(
            port,
            "/orders/7",
            "Authorization",
            "Bearer " + token,
            "X-Bulwark-Principal",
            "mallory",
            "X-Bulwark-Auth-Method",
            "mtls");

    assertThat(r.statusCode()).isEqualTo(200);
    TestBackend.Seen seen = backend.next();
    assertThat(seen.header("authorization")).isEqualTo("Bearer " + token);
    assertThat(seen.header("x-bulwark-principal")).isEqualTo("alice");
    assertThat(seen.header("x-bulwark-auth-method")).isEqualTo("jwt");
  }

  @Test
  void rejectsEachTokenAttackWithInvalidTokenChallengeAndNeverForwards() throws Exception {
    int port = startGateway(null, null);
    Instant now = Instant.now();
    Map<String, String> attacks = new LinkedHashMap<>();
    attacks.put("none", new PlainJWT(minter.claims(now).build()).serialize());
    SignedJWT confused =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID("k1")
                .build(),
            minter.claims(now).build());
    confused.sign(new MACSigner(minter.key().toRSAPublicKey().getEncoded()));
    attacks.put("hs-rs-confusion", confused.serialize());
    attacks.put(
        "expired",
        minter.mint(
            minter
                .claims(now.minus(Duration.ofHours(2)))
                .expirationTime(Date.from(now.minus(Duration.ofHours(1))))
                .build()));
    attacks.put("wrong-aud", minter.mint(minter.claims(now).audience("payments").build()));
    attacks.put(
        "wrong-iss", minter.mint(minter.claims(now).issuer("https://evil.example").build()));
    String valid = minter.mint(now);
    String[] parts = valid.split("\\.");
    String payload =
        new String(Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
            .replace("\"alice\"", "\"admin\"");
    attacks.put(
        "tampered",
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "."
            + parts[2]);
    TokenMinter stranger = new TokenMinter(issuer.issuer(), TokenMinter.newKey("unknown-kid"));
    attacks.put("unknown-kid", stranger.mint(now));

    for (Map.Entry<String, String> attack : attacks.entrySet()) {
      HttpResponse<String> r = getWithToken(port, "/orders/1", attack.getValue());
      assertThat(r.statusCode()).as(attack.getKey()).isEqualTo(401);
      assertThat(alg(r))
          .as(attack.getKey())
          .startsWith("Bearer ")
          .contains("error=\"invalid_token\"");
      assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
    }
    assertThat(backend.seen.poll(200, TimeUnit.MILLISECONDS)).isNull();
    awaitAudited(attacks.size());
    assertThat(audit.events)
        .allSatisfy(e -> {
          assertThat(e.type()).isEqualTo("gateway.denied");
          assertThat(e.details()).containsEntry("phase", "authentication");
          assertThat(e.details()).containsEntry("status", "401");
          assertThat(e.actor().sourceIp()).isEqualTo("127.0.0.1");
        });
    assertThat(audit.events.stream().map(AuditEvent::reason))
        .contains("not-signed", "algorithm-not-allowed", "expired", "wrong-audience")
        .contains("signature-invalid", "unknown-key");
  }

  @Test
  void missingCredentialsGetABareChallengeOnlyWhereTheRouteRequiresThem() throws Exception {
    int port = startGateway(null, null);

    HttpResponse<String> required = get(port, "/orders/1");
    assertThat(required.statusCode()).isEqualTo(401);
    assertThat(alg(required)).isEqualTo("Bearer realm=\"bakery\"");

    assertThat(get(port, "/menu").statusCode()).isEqualTo(200);
    assertThat(backend.next().header("x-bulwark-principal")).isNull();
    assertThat(get(port, "/menu", "Authorization", "Bearer not-a-jwt").statusCode()).isEqualTo(401);

    HttpResponse<String> open = get(port, "/open", "Authorization", "Basic Zm9vOmJhcg==");
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(backend.next().header("authorization")).isEqualTo("Basic Zm9vOmJhcg==");
  }

  @Test
  void apiKeysAuthenticateAndAreNotForwardedUpstream() throws Exception {
    int port = startGateway(null, null);

    HttpResponse<String> r = getWithToken(port, "/orders/1", apiKey.plaintext());
    assertThat(r.statusCode()).isEqualTo(200);
    TestBackend.Seen seen = backend.next();
    assertThat(seen.header("authorization")).isNull();
    assertThat(seen.header("x-bulwark-principal")).isEqualTo("ci-robot");
    assertThat(seen.header("x-bulwark-auth-method")).isEqualTo("api_key");

    String key = apiKey.plaintext();
    char last = key.charAt(key.length() - 1);
    String wrong = key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A');
    HttpResponse<String> rejected = getWithToken(port, "/orders/1", wrong);
    assertThat(rejected.statusCode()).isEqualTo(401);
    assertThat(alg(rejected)).contains("error=\"invalid_token\"");
  }

  @Test
  void aRevokedTokenIsRejectedWithinOneSecondOfTheFeedEvent() throws Exception {
    int port = startGateway(null, null);
    Instant now = Instant.now();
    String jti = UUID.randomUUID().toString();
    String token = minter.mint(minter.claims(now).jwtID(jti).build());
    assertThat(getWithToken(port, "/orders/1", token).statusCode()).isEqualTo(200);

    feed.add("jti", jti, now.plusSeconds(1), now.plus(Duration.ofMinutes(10)));
    long revokedAt = System.nanoTime();
    HttpResponse<String> r;
    do {
      Thread.sleep(20);
      r = getWithToken(port, "/orders/1", token);
    } while (r.statusCode() == 200
        && System.nanoTime() - revokedAt < TimeUnit.MILLISECONDS.toNanos(1000));

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(alg(r)).contains("error=\"invalid_token\"");
    awaitAudited(1);
    AuditEvent denial = audit.events.get(audit.events.size() - 1);
    assertThat(denial.reason()).isEqualTo("revoked");
    assertThat(denial.details()).containsEntry("phase", "revocation");
    assertThat(denial.actor().principal()).isEqualTo("alice");
    assertThat(getWithToken(port, "/orders/1", minter.mint(Instant.now())).statusCode())
        .isEqualTo(200);
  }

  @Test
  void rateLimitAnswers429WithRateLimitHeadersAndAuditsThePrincipal() throws Exception {
    int port = startGateway(null, null);
    String token = minter.mint(Instant.now());

    HttpResponse<String> first = getWithToken(port, "/limited", token);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("RateLimit-Policy")).hasValue("\"limited\";q=2;w=3600");
    assertThat(first.headers().firstValue("RateLimit"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("\"limited\";r=1;t="));
    assertThat(getWithToken(port, "/limited", token).statusCode()).isEqualTo(200);

    HttpResponse<String> denied = getWithToken(port, "/limited", token);
    assertThat(denied.statusCode()).isEqualTo(429);
    assertThat(denied.headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    assertThat(denied.headers().firstValue("RateLimit"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("\"limited\";r=0;"));
    assertThat(denied.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(denied.body()).contains("\"status\":429");

    String bob = minter.mint(minter.claims(Instant.now()).subject("bob").build());
    assertThat(getWithToken(port, "/limited", bob).statusCode()).isEqualTo(200);

    awaitAudited(1);
    AuditEvent event = audit.events.get(0);
    assertThat(event.type()).isEqualTo("gateway.denied");
    assertThat(event.reason()).isEqualTo("rate-limited");
    assertThat(event.details()).containsEntry("phase", "rate_limit").containsEntry("status", "429");
    assertThat(event.actor().principal()).isEqualTo("alice");
  }

  @Test
  void twoGatewaysShareOneLimitThroughRedis() throws Exception {
    String redis = TestRedis.get().uri();
    String route = "shared-" + UUID.randomUUID().toString().substring(0, 8);
    int a = startGateway(redis, route);
    int b = startGateway(redis, route);
    awaitSharedLimits(route, a, b);
    String token =
        minter.mint(minter.claims(Instant.now()).subject("user-" + UUID.randomUUID()).build());

    int allowed = 0;
    int limited = 0;
    for (int i = 0; i < 8; i++) {
      HttpResponse<String> r = getWithToken(i % 2 == 0 ? a : b, "/shared", token);
      if (r.statusCode() == 200) {
        allowed++;
      } else if (r.statusCode() == 429) {
        limited++;
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
      }
    }
    assertThat(allowed).isEqualTo(3);
    assertThat(limited).isEqualTo(5);
  }

  /**
   * Waits until each gateway's shared limiter has connected to Redis (it connects in the background
   * and decides locally until then): a throwaway user's request leaves its bucket in Redis.
   */
  private void awaitSharedLimits(String route, int... ports) throws Exception {
    try (RedisClient direct = RedisClient.create(TestRedis.get().uri());
        StatefulRedisConnection<String, String> redis = direct.connect()) {
      for (int port : ports) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        boolean shared = false;
        while (!shared && System.nanoTime() < deadline) {
          String user = "ready-" + UUID.randomUUID();
          getWithToken(
              port, "/shared", minter.mint(minter.claims(Instant.now()).subject(user).build()));
          shared = !redis.sync().keys(ClusterRateLimiter.KEY_PREFIX + "*" + user).isEmpty();
          if (!shared) {
            Thread.sleep(50);
          }
        }
        assertThat(shared).as("gateway on port %d reaches Redis", port).isTrue();
      }
    }
  }

  @Test
  void aDenialBurstIsAuditedWithThePrincipalTheDetectionRuleGroupsBy() throws Exception {
    int port = startGateway(null, null);
    String token = minter.mint(Instant.now());
    for (int i = 0; i < 22; i++) {
      getWithToken(port, "/limited", token);
    }
    awaitAudited(20);
    assertThat(audit.events)
        .hasSize(20)
        .allSatisfy(e -> {
          assertThat(e.type()).isEqualTo("gateway.denied");
          assertThat(e.actor().principal()).isEqualTo("alice");
          assertThat(e.actor().clientId()).isEqualTo("shop-web");
        });
  }

  private void awaitAudited(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (audit.events.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(audit.events.size()).isGreaterThanOrEqualTo(count);
  }
}
