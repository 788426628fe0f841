package io.bulwark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulwark up} with token exchange (RFC 8693) between the bakery services: when a customer
 * pays, the orders service exchanges her {@code orders} token at the identity server for a {@code
 * payments} token naming her as {@code sub} and itself as {@code act}, and payments records both;
 * tokens for another audience and revoked tokens cannot be exchanged, and a revoked token never
 * reaches payments.
 */
class TokenExchangeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  private static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
  private static final String ORDER = "{\"items\":[{\"productId\":\"croissant\",\"quantity\":2}]}";

  @TempDir Path work;

  private final UpPorts ports = UpPorts.free();

  @Test
  void paymentsChargesForTheCustomerWithTheOrdersServiceAsActorAndRefusesWhatCannotBeExchanged()
      throws Exception {
    try (BulwarkUp up = BulwarkUp.start(work, ports)) {
      JsonNode endpoints = up.endpoints();
      Https https = up.https();
      URI orders = URI.create(endpoints.path("bakery").path("orders").asText());
      URI payments = URI.create(endpoints.path("bakery").path("payments").asText());
      URI tokenEndpoint = URI.create(endpoints.path("identity").asText() + "/oauth2/token");
      String ordersSecret = up.clientSecret("orders-service");

      // A customer orders and pays: payments records her and the orders service.
      String alice = up.token("--user", "alice", "--audience", "orders");
      String aliceId = Jwts.claims(alice).path("sub").asText();
      String orderId = place(https, orders, alice);
      HttpResponse<String> paid =
          https.postJson(orders.resolve("/orders/" + orderId + "/pay"), alice, "");
      assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
      assertThat(JSON.readTree(paid.body()).path("status").asText()).isEqualTo("PAID");
      String chargeId = JSON.readTree(paid.body()).path("chargeId").asText();
      String service = up.token("--client", "orders-service", "--audience", "payments");
      HttpResponse<String> charge = https.get(payments.resolve("/charges/" + chargeId), service);
      assertThat(charge.statusCode()).as(charge.body()).isEqualTo(200);
      assertThat(JSON.readTree(charge.body()).path("requestedBy").asText()).isEqualTo(aliceId);
      assertThat(JSON.readTree(charge.body()).path("actor").asText()).isEqualTo("orders-service");

      // What the identity server hands the orders service: sub alice, act orders-service, for
      // payments only, a narrower scope, no longer-lived than alice's token.
      HttpResponse<String> exchanged =
          https.postForm(tokenEndpoint, "orders-service", ordersSecret, exchange(alice));
      assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(200);
      JsonNode claims = Jwts.claims(JSON.readTree(exchanged.body()).path("access_token").asText());
      assertThat(claims.path("sub").asText()).isEqualTo(aliceId);
      assertThat(claims.path("act").path("sub").asText()).isEqualTo("orders-service");
      assertThat(claims.path("aud").toString()).contains("payments").doesNotContain("orders");
      assertThat(claims.path("scope").asText()).isEqualTo("bakery");
      assertThat(claims.path("exp").asLong())
          .isLessThanOrEqualTo(Jwts.claims(alice).path("exp").asLong());

      // A token for another audience cannot be exchanged, nor used at orders.
      String aliceCatalog = up.token("--user", "alice", "--audience", "catalog");
      HttpResponse<String> otherAudience =
          https.postForm(tokenEndpoint, "orders-service", ordersSecret, exchange(aliceCatalog));
      assertThat(otherAudience.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(otherAudience.body()).path("error").asText())
          .isEqualTo("invalid_grant");
      assertThat(
              https
                  .postJson(orders.resolve("/orders/" + orderId + "/pay"), aliceCatalog, "")
                  .statusCode())
          .isEqualTo(401);

      // A revoked token cannot be exchanged: paying with it is a 401 problem, nothing is charged.
      String bob = up.token("--user", "bob", "--audience", "orders");
      String bobsOrder = place(https, orders, bob);
      HttpResponse<String> revoked =
          https.postForm(
              URI.create(endpoints.path("identity").asText() + "/oauth2/revoke"),
              null,
              null,
              Map.of("token", bob, "client_id", "bulwark-cli"));
      assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
      HttpResponse<String> refused =
          https.postForm(tokenEndpoint, "orders-service", ordersSecret, exchange(bob));
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(refused.body()).path("error").asText()).isEqualTo("invalid_grant");
      HttpResponse<String> notPaid =
          https.postJson(orders.resolve("/orders/" + bobsOrder + "/pay"), bob, "");
      assertThat(notPaid.statusCode()).as(notPaid.body()).isEqualTo(401);
      assertThat(notPaid.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      assertThat(JSON.readTree(notPaid.body()).path("detail").asText())
          .contains("no longer accepts this token");
      HttpResponse<String> stillPending =
          https.get(
              orders.resolve("/orders/" + bobsOrder),
              up.token("--user", "bob", "--audience", "orders"));
      assertThat(JSON.readTree(stillPending.body()).path("status").asText()).isEqualTo("PENDING");
      assertThat(JSON.readTree(stillPending.body()).hasNonNull("chargeId")).isFalse();

      assertThat(up.stderr()).as("no token fragment in logs").doesNotContain("eyJ");
    }
  }

  private static Map<String, String> exchange(String subjectToken) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", EXCHANGE);
    form.put("subject_token", subjectToken);
    form.put("subject_token_type", ACCESS_TOKEN);
    form.put("audience", "payments");
    form.put("scope", "bakery");
    return form;
  }

  private static String place(Https https, URI orders, String token) throws Exception {
    HttpResponse<String> created = https.postJson(orders.resolve("/orders"), token, ORDER);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).path("id").asText();
  }
}
