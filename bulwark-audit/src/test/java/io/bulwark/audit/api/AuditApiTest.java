package io.bulwark.audit.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.audit.alert.AlertStore;
import io.bulwark.audit.alert.Alerter;
import io.bulwark.audit.detect.Detection;
import io.bulwark.audit.detect.RuleLoader;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.http.HttpServer;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.sdk.token.TokenVerifier;
import io.bulwark.testkit.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditApiTest {
  private static final Instant NOW = Instant.parse("2026-03-04T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<AuditEvent> recorded = new CopyOnWriteArrayList<>();
  private final AtomicBoolean logDown = new AtomicBoolean();
  private final FakeClock clock = new FakeClock(NOW);
  private final AlertStore alerts = new AlertStore(100);
  private ECKey key;
  private Telemetry telemetry;
  private HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    AuditLog log =
        new AuditLog() {
          @Override
          public void append(AuditEvent event) {
            if (logDown.get()) {
              throw new IllegalStateException("down");
            }
            recorded.add(event);
          }

          @Override
          public void close() {}
        };
    TokenVerifier verifier =
        TokenVerifier.builder()
            .issuer("urn:test")
            .audience("audit")
            .jwkSet(new JWKSet(key.toPublicJWK()))
            .clock(clock)
            .build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AuditApi api = new AuditApi(log, alerts, verifier, clock, registry);
    telemetry = Telemetry.create("audit-test", java.util.Optional.empty(), 0);
    server =
        HttpServer.builder("audit", telemetry)
            .bind("127.0.0.1", 0)
            .maxRequestBodyBytes(AuditApi.MAX_BODY_BYTES)
            .routes(api::routes)
            .build()
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
    telemetry.close();
    http.close();
  }

  private String token(String subject, String scope) throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer("urn:test")
            .audience("audit")
            .subject(subject)
            .claim("client_id", subject)
            .claim("scope", scope)
            .issueTime(Date.from(NOW))
            .expirationTime(Date.from(NOW.plusSeconds(300)))
            .jwtID("j-" + subject)
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("at+jwt"))
                .keyID("k1")
                .build(),
            claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  private HttpResponse<String> post(String token, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.baseUri().resolve(AuditApi.EVENTS_PATH))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String token, String query) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUri() + AuditApi.ALERTS_PATH + query))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static final String ORDER_EVENT =
      """
      {"type":"bakery.order.created","target":"order:42","action":"create","outcome":"success",
       "details":{"amount":"12.50"},"traceId":"0af7651916cd43dd8448eb211c80319c"}\
      """;

  @Test
  void recordsABatchStampingIdAndActorFromTheTokenAndConnection() throws Exception {
    HttpResponse<String> response =
        post(token("orders", "audit:write"), "[" + ORDER_EVENT + "," + ORDER_EVENT + "]");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("recorded").asInt()).isEqualTo(2);
    assertThat(recorded).hasSize(2);
    AuditEvent event = recorded.getFirst();
    assertThat(body.path("ids").get(0).asText()).isEqualTo(event.id());
    assertThat(event.type()).isEqualTo("bakery.order.created");
    assertThat(event.time()).isEqualTo(NOW);
    assertThat(event.actor().principal()).isEqualTo("orders");
    assertThat(event.actor().clientId()).isEqualTo("orders");
    assertThat(event.actor().sourceIp()).isEqualTo("127.0.0.1");
    assertThat(event.details())
        .containsEntry("amount", "12.50")
        .containsEntry("reportedBy", "orders");
    assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void rejectsTheWholeBatchListingEveryBadEntry() throws Exception {
    String batch =
        "["
            + ORDER_EVENT
            + ",{\"type\":\"Bad Type\",\"target\":\"x\",\"action\":\"y\",\"outcome\":\"success\"}"
            + ",{\"type\":\"a.b\",\"target\":\"x\",\"action\":\"y\",\"outcome\":\"maybe\"}"
            + ",{\"type\":\"a.b\",\"target\":\"x\",\"action\":\"y\",\"outcome\":\"success\",\"extra\":1}"
            + ",{\"type\":\"a.b\",\"target\":\"x\",\"action\":\"y\",\"outcome\":\"success\","
            + "\"details\":{\"password\":\"hunter2\"}}"
            + ",{\"type\":\"a.b\",\"target\":\"x\",\"action\":\"y\",\"outcome\":\"success\","
            + "\"actor\":{\"principal\":\"admin\"}}"
            + ",{\"type\":\"a.b\",\"action\":\"y\",\"outcome\":\"success\"}"
            + ",{\"type\":\"a.b\",\"target\":\"x\",\"action\":\"y\",\"outcome\":\"success\","
            + "\"time\":\"2020-01-01T00:00:00Z\"}"
            + "]";
    HttpResponse<String> response = post(token("orders", "audit:write"), batch);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = JSON.readTree(response.body());
    assertThat(problem.path("type").asText()).endsWith("invalid-audit-events");
    assertThat(problem.path("errors"))
        .extracting(e -> e.path("index").asInt())
        .containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(problem.path("errors").toString())
        .contains("dotted lower case")
        .contains("outcome must be one of")
        .contains("unknown field 'extra'")
        .contains("names a secret")
        .contains("actor is set by the server")
        .contains("missing 'target'")
        .contains("within the last 24 hours")
        .doesNotContain("hunter2");
    assertThat(recorded).isEmpty();
  }

  @Test
  void aTrustedEmitterMayNameTheActorAndIsRecordedAsReporter() throws Exception {
    String event =
        "[{\"type\":\"auth.login.failed\",\"target\":\"user:alice\",\"action\":\"login\","
            + "\"outcome\":\"failure\",\"actor\":{\"sourceIp\":\"203.0.113.9\"},"
            + "\"time\":\"2026-03-04T09:59:00Z\"}]";
    assertThat(post(token("identity", "audit:write audit:actor"), event).statusCode())
        .isEqualTo(200);
    AuditEvent recordedEvent = recorded.getFirst();
    assertThat(recordedEvent.actor().sourceIp()).isEqualTo("203.0.113.9");
    assertThat(recordedEvent.actor().principal()).isNull();
    assertThat(recordedEvent.time()).isEqualTo(Instant.parse("2026-03-04T09:59:00Z"));
    assertThat(recordedEvent.details())
        .containsEntry("reportedBy", "identity")
        .containsEntry("reportedFrom", "127.0.0.1");
  }

  @Test
  void refusesMissingInvalidOrUnderScopedTokens() throws Exception {
    HttpResponse<String> none = post(null, "[" + ORDER_EVENT + "]");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    assertThat(post("not.a.jwt", "[" + ORDER_EVENT + "]").statusCode()).isEqualTo(401);
    HttpResponse<String> scope = post(token("orders", "audit:read"), "[" + ORDER_EVENT + "]");
    assertThat(scope.statusCode()).isEqualTo(403);
    assertThat(scope.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("insufficient_scope");
    assertThat(recorded).isEmpty();
  }

  @Test
  void refusesEmptyOversizedAndNonArrayBatches() throws Exception {
    String t = token("orders", "audit:write");
    assertThat(post(t, "[]").statusCode()).isEqualTo(400);
    assertThat(post(t, "{\"type\":\"a.b\"}").statusCode()).isEqualTo(400);
    assertThat(post(t, "[" + ORDER_EVENT).statusCode()).isEqualTo(400);
    String big = "[" + String.join(",", java.util.Collections.nCopies(501, ORDER_EVENT)) + "]";
    HttpResponse<String> tooMany = post(t, big);
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(tooMany.body()).contains("1 to 500");
    assertThat(recorded).isEmpty();
  }

  @Test
  void answers503WhenTheLogCannotRecord() throws Exception {
    logDown.set(true);
    HttpResponse<String> response = post(token("orders", "audit:write"), "[" + ORDER_EVENT + "]");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(response.body()).path("recorded").asInt()).isZero();
  }

  @Test
  void listsAlertsNewestFirstWithFilters() throws Exception {
    Alerter alerter = new Alerter(alerts, List.of(), 100, clock, new SimpleMeterRegistry());
    var rules = RuleLoader.builtIn();
    var brute =
        rules.stream().filter(r -> r.id().equals("brute-force-account")).findFirst().orElseThrow();
    var policy =
        rules.stream().filter(r -> r.id().equals("policy-changed")).findFirst().orElseThrow();
    alerter.accept(
        new Detection(brute, "user:alice", List.of("01JNH0000000000000000000E1"), NOW, NOW));
    clock.advance(Duration.ofSeconds(1));
    alerter.accept(
        new Detection(policy, "policy:orders", List.of("01JNH0000000000000000000E2"), NOW, NOW));

    String reader = token("console", "audit:read");
    JsonNode all = JSON.readTree(get(reader, "").body()).path("alerts");
    assertThat(all)
        .extracting(a -> a.path("rule").asText())
        .containsExactly("policy-changed", "brute-force-account");
    assertThat(all.get(1).path("eventIds").get(0).asText()).isEqualTo("01JNH0000000000000000000E1");
    JsonNode high = JSON.readTree(get(reader, "?severity=high").body()).path("alerts");
    assertThat(high).extracting(a -> a.path("group").asText()).containsExactly("user:alice");
    JsonNode limited = JSON.readTree(get(reader, "?limit=1").body()).path("alerts");
    assertThat(limited).hasSize(1);
    assertThat(get(reader, "?severity=urgent").statusCode()).isEqualTo(400);
    assertThat(get(reader, "?since=yesterday").statusCode()).isEqualTo(400);
    assertThat(get(token("orders", "audit:write"), "").statusCode()).isEqualTo(403);
  }
}
