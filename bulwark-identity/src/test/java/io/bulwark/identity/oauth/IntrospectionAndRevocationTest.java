package io.bulwark.identity.oauth;

import static io.bulwark.identity.TestIdentity.basic;
import static io.bulwark.identity.TestIdentity.form;
import static io.bulwark.identity.TestIdentity.json;
import static io.bulwark.identity.TestIdentity.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.identity.TestIdentity;
import io.bulwark.identity.store.RevocationEvent;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IntrospectionAndRevocationTest {
  @TempDir Path dir;
  TestIdentity id;
  String ordersSecret;
  String gatewaySecret;

  @BeforeEach
  void start() throws Exception {
    id = new TestIdentity(dir);
    ordersSecret =
        id.secretClient(
            "orders-service",
            Set.of("client_credentials"),
            Set.of("payments:charge"),
            List.of("payments"));
    gatewaySecret =
        id.secretClient(
            "gateway",
            Set.of("client_credentials"),
            Set.of("revocations:read"),
            List.of("identity"));
  }

  @AfterEach
  void stop() {
    id.close();
  }

  private HttpResponse<String> introspect(String token) throws Exception {
    return id.post(
        "/oauth2/introspect", basic("gateway", gatewaySecret), form(params("token", token)));
  }

  @Test
  void introspectionDescribesAnActiveAccessToken() throws Exception {
    String token = id.clientToken("orders-service", ordersSecret);

    HttpResponse<String> response = introspect(token);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("active").asBoolean()).isTrue();
    assertThat(body.get("client_id").asText()).isEqualTo("orders-service");
    assertThat(body.get("sub").asText()).isEqualTo("orders-service");
    assertThat(body.get("scope").asText()).isEqualTo("payments:charge");
    assertThat(body.get("exp").asLong()).isPositive();
    assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
  }

  @Test
  void expiredGarbageAndForeignTokensAreExactlyInactive() throws Exception {
    String token = id.clientToken("orders-service", ordersSecret);
    assertThat(introspect("not-a-token").body()).isEqualTo("{\"active\":false}");
    String tampered = token.substring(0, token.length() - 4) + "AAAA";
    assertThat(introspect(tampered).body()).isEqualTo("{\"active\":false}");

    id.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    assertThat(introspect(token).body()).isEqualTo("{\"active\":false}");
  }

  @Test
  void introspectionNeedsAnAuthenticatedClient() throws Exception {
    String token = id.clientToken("orders-service", ordersSecret);
    HttpResponse<String> none = id.post("/oauth2/introspect", null, form(params("token", token)));
    HttpResponse<String> wrong =
        id.post("/oauth2/introspect", basic("gateway", "wrong"), form(params("token", token)));

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(json(none).get("error").asText()).isEqualTo("invalid_client");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(wrong.body()).doesNotContain("active");
  }

  @Test
  void aClientRevokesItsOwnAccessTokenAndTheFeedAndBusAnnounceIt() throws Exception {
    List<RevocationEvent> published = new CopyOnWriteArrayList<>();
    id.server.revocationBus().subscribe(published::add);
    String token = id.clientToken("orders-service", ordersSecret);
    String jti = json(introspect(token)).get("jti").asText();

    HttpResponse<String> revoked =
        id.post(
            "/oauth2/revoke", basic("orders-service", ordersSecret), form(params("token", token)));

    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(introspect(token).body()).isEqualTo("{\"active\":false}");
    assertThat(published)
        .singleElement()
        .satisfies(e -> {
          assertThat(e.kind()).isEqualTo(RevocationEvent.Kind.JTI);
          assertThat(e.value()).isEqualTo(jti);
        });
    String feedToken = id.clientToken("gateway", gatewaySecret);
    JsonNode feed = json(id.get("/revocations", "Bearer " + feedToken));
    assertThat(feed.get("events")).hasSize(1);
    JsonNode event = feed.get("events").get(0);
    assertThat(event.get("kind").asText()).isEqualTo("jti");
    assertThat(event.get("value").asText()).isEqualTo(jti);
    assertThat(event.get("issuedBefore").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    assertThat(event.get("expiresAt").asText()).endsWith("Z");
    assertThat(feed.get("cursor").asText()).isEqualTo(event.get("cursor").asText());
    assertThat(id.audit.ofType("token.revoked"))
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("jti", jti));
  }

  @Test
  void revokingAnotherClientsTokenChangesNothingButStillAnswers200() throws Exception {
    String token = id.clientToken("orders-service", ordersSecret);
    HttpResponse<String> response =
        id.post("/oauth2/revoke", basic("gateway", gatewaySecret), form(params("token", token)));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(introspect(token)).get("active").asBoolean()).isTrue();
  }

  @Test
  void revokingAnUnknownTokenAnswers200() throws Exception {
    HttpResponse<String> response =
        id.post(
            "/oauth2/revoke", basic("orders-service", ordersSecret), form(params("token", "junk")));
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void feedPagesByCursorAndEchoesTheCursorWhenThereIsNothingNew() throws Exception {
    id.server.revoker().revokeAccessToken("j1", id.clock.instant().plusSeconds(60));
    id.server.revoker().revokeSubject("user-1");
    String basicAuth = basic("gateway", gatewaySecret);

    JsonNode all = json(id.get("/revocations", basicAuth));
    assertThat(all.get("events")).hasSize(2);
    assertThat(all.get("events").get(1).get("kind").asText()).isEqualTo("sub");
    String first = all.get("events").get(0).get("cursor").asText();
    String last = all.get("cursor").asText();
    assertThat(last.compareTo(first)).isPositive();

    JsonNode after = json(id.get("/revocations?since=" + first, basicAuth));
    assertThat(after.get("events")).hasSize(1);
    JsonNode none = json(id.get("/revocations?since=" + last, basicAuth));
    assertThat(none.get("events")).isEmpty();
    assertThat(none.get("cursor").asText()).isEqualTo(last);
  }

  @Test
  void feedRefusesCallersWithoutTheScopeAndBadCursors() throws Exception {
    String ordersToken = id.clientToken("orders-service", ordersSecret);
    assertThat(id.get("/revocations", null).statusCode()).isEqualTo(401);
    assertThat(id.get("/revocations", "Bearer junk").statusCode()).isEqualTo(401);
    assertThat(id.get("/revocations", "Bearer " + ordersToken).statusCode()).isEqualTo(403);
    assertThat(id.get("/revocations", basic("orders-service", ordersSecret)).statusCode())
        .isEqualTo(403);
    assertThat(id.get("/revocations", basic("gateway", "wrong")).statusCode()).isEqualTo(401);
    HttpResponse<String> bad = id.get("/revocations?since=abc", basic("gateway", gatewaySecret));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type").orElseThrow()).contains("problem+json");
  }
}
