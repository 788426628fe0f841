package io.bulwark.examples.bakery.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.bulwark.examples.bakery.store.BakeryDatabase;
import io.bulwark.examples.bakery.testing.TestIdentity;
import io.bulwark.examples.bakery.testing.TestServer;
import io.bulwark.examples.bakery.testing.TestServer.Reply;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaymentsServiceTest {
  @TempDir static Path dataDir;

  private static HikariDataSource db;
  private static TestServer server;

  private static final String ORDERS = TestIdentity.service("orders-service", "payments");

  @BeforeAll
  static void start() {
    db = BakeryDatabase.open(dataDir, "payments");
    PaymentsService payments =
        new PaymentsService(db, TestIdentity.verifier("payments"), "orders-service");
    server = TestServer.start(payments::routes);
  }

  @AfterAll
  static void stop() {
    server.close();
    db.close();
  }

  private static String charge(String orderId, long amountCents) {
    return "{\"orderId\":\""
        + orderId
        + "\",\"amountCents\":"
        + amountCents
        + ",\"currency\":\"EUR\"}";
  }

  @Test
  void ordersServiceTokenCreatesACharge() {
    String orderId = UUID.randomUUID().toString();

    Reply reply = server.post("/charges", ORDERS, charge(orderId, 350));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    JsonNode charge = reply.json();
    assertThat(charge.get("orderId").asText()).isEqualTo(orderId);
    assertThat(charge.get("amountCents").asLong()).isEqualTo(350);
    assertThat(charge.get("status").asText()).isEqualTo("CAPTURED");
    assertThat(charge.get("requestedBy").asText()).isEqualTo("orders-service");
    assertThat(charge.get("actor").asText()).isEqualTo("orders-service");
    assertThat(reply.header("Location")).isEqualTo("/charges/" + charge.get("id").asText());
  }

  @Test
  void chargingTheSameOrderAgainReturnsTheExistingCharge() {
    String orderId = UUID.randomUUID().toString();
    Reply first = server.post("/charges", ORDERS, charge(orderId, 120));

    Reply second = server.post("/charges", ORDERS, charge(orderId, 120));

    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
  }

  @Test
  void chargingTheSameOrderWithAnotherAmountIs409() {
    String orderId = UUID.randomUUID().toString();
    server.post("/charges", ORDERS, charge(orderId, 120));

    assertThat(server.post("/charges", ORDERS, charge(orderId, 1)).status()).isEqualTo(409);
  }

  @Test
  void aTokenTheOrdersServiceGotByExchangeChargesForTheUserWithTheServiceAsActor() {
    String orderId = UUID.randomUUID().toString();
    String delegated = TestIdentity.delegated("alice", "orders-service", "payments", "customer");

    Reply reply = server.post("/charges", delegated, charge(orderId, 420));

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    assertThat(reply.json().get("requestedBy").asText()).isEqualTo("alice");
    assertThat(reply.json().get("actor").asText()).isEqualTo("orders-service");
    String id = reply.json().get("id").asText();
    assertThat(server.get("/charges/" + id, delegated).status()).isEqualTo(200);
    assertThat(
            server
                .get(
                    "/charges/" + id,
                    TestIdentity.delegated("bob", "orders-service", "payments", "customer"))
                .status())
        .as("a delegated token reads only its own user's charges")
        .isEqualTo(404);
  }

  @Test
  void delegatedTokensActingForAnotherServiceOrThroughAnotherClientAreForbidden() {
    String actedByCatalog =
        TestIdentity.delegated("alice", "catalog-service", "payments", "customer");
    String userOfOrdersClient =
        TestIdentity.token(
            "ada",
            "orders-service",
            "payments",
            java.util.List.of("admin"),
            java.time.Instant.now().plusSeconds(60));

    assertThat(server.post("/charges", actedByCatalog, charge("o-5", 100)).status()).isEqualTo(403);
    assertThat(server.post("/charges", userOfOrdersClient, charge("o-5", 100)).status())
        .as("client orders-service but neither its own token nor a delegated one")
        .isEqualTo(403);
  }

  @Test
  void endUserTokensAreForbiddenWhateverTheirRoles() {
    String customer = TestIdentity.user("alice", "payments", "customer");
    String admin = TestIdentity.user("ada", "payments", "admin");
    String otherService = TestIdentity.service("catalog-service", "payments");

    assertThat(server.post("/charges", customer, charge("o-1", 100)).status()).isEqualTo(403);
    assertThat(server.post("/charges", admin, charge("o-1", 100)).status()).isEqualTo(403);
    assertThat(server.post("/charges", otherService, charge("o-1", 100)).status()).isEqualTo(403);
  }

  @Test
  void ordersTokenForAnotherAudienceIs401() {
    String wrongAudience = TestIdentity.service("orders-service", "catalog");

    Reply reply = server.post("/charges", wrongAudience, charge("o-2", 100));

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
  }

  @Test
  void missingTokenIs401() {
    Reply reply = server.post("/charges", null, charge("o-3", 100));

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"payments\"");
  }

  @Test
  void readsAChargeOnlyWithTheOrdersServiceToken() {
    String id =
        server
            .post("/charges", ORDERS, charge(UUID.randomUUID().toString(), 500))
            .json()
            .get("id")
            .asText();

    assertThat(server.get("/charges/" + id, ORDERS).json().get("amountCents").asLong())
        .isEqualTo(500);
    assertThat(server.get("/charges/" + id, TestIdentity.user("alice", "payments")).status())
        .isEqualTo(403);
    assertThat(server.get("/charges/" + UUID.randomUUID(), ORDERS).status()).isEqualTo(404);
  }

  @Test
  void invalidChargesAre400() {
    assertThat(server.post("/charges", ORDERS, charge("o-4", 0)).status()).isEqualTo(400);
    assertThat(
            server
                .post(
                    "/charges",
                    ORDERS,
                    "{\"orderId\":\"o-4\",\"amountCents\":100,\"currency\":\"GBP\"}")
                .status())
        .isEqualTo(400);
    assertThat(server.post("/charges", ORDERS, charge("o/4", 100)).status()).isEqualTo(400);
  }
}
