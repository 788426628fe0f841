package io.bulwark.examples.bakery.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import com.zaxxer.hikari.HikariDataSource;
import io.bulwark.examples.bakery.catalog.CatalogService;
import io.bulwark.examples.bakery.payments.PaymentsService;
import io.bulwark.examples.bakery.store.BakeryDatabase;
import io.bulwark.examples.bakery.testing.TestExchangeEndpoint;
import io.bulwark.examples.bakery.testing.TestIdentity;
import io.bulwark.examples.bakery.testing.TestServer;
import io.bulwark.examples.bakery.testing.TestServer.Reply;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrdersServiceTest {
  @TempDir static Path dataDir;

  private static final List<HikariDataSource> databases = new java.util.ArrayList<>();
  private static TestServer catalog;
  private static TestServer payments;
  private static TestServer orders;
  private static TestServer identity;
  private static HikariDataSource paymentsDb;
  private static final TestExchangeEndpoint exchange = new TestExchangeEndpoint();

  private static final String ALICE = TestIdentity.user("alice", "orders", "customer");
  private static final String BOB = TestIdentity.user("bob", "orders", "customer");
  private static final String ORDER =
      "{\"items\":[{\"productId\":\"croissant\",\"quantity\":2},"
          + "{\"productId\":\"baguette\",\"quantity\":1}]}";

  @BeforeAll
  static void start() {
    catalog =
        TestServer.start(
            new CatalogService(open("catalog"), TestIdentity.verifier("catalog"))::routes);
    paymentsDb = open("payments");
    payments =
        TestServer.start(
            new PaymentsService(paymentsDb, TestIdentity.verifier("payments"), "orders-service")
                ::routes);
    identity = TestServer.start(exchange::routes);
    orders = TestServer.start(ordersService(catalog.baseUri(), payments.baseUri())::routes);
  }

  private static HikariDataSource open(String service) {
    HikariDataSource db = BakeryDatabase.open(dataDir.resolve(service + "-node"), service);
    databases.add(db);
    return db;
  }

  private static OrdersService ordersService(URI catalogUri, URI paymentsUri) {
    return ordersService(catalogUri, paymentsUri, identity.baseUri(), TestExchangeEndpoint.SECRET);
  }

  private static OrdersService ordersService(
      URI catalogUri, URI paymentsUri, URI identityUri, String secret) {
    return new OrdersService(
        open("orders"),
        TestIdentity.verifier("orders"),
        TestServer.HTTP,
        catalogUri,
        paymentsUri,
        new TokenExchangeClient(
            TestServer.HTTP,
            identityUri.resolve("/oauth2/token"),
            TestExchangeEndpoint.CLIENT_ID,
            secret,
            "payments",
            "bakery",
            100,
            Clock.systemUTC()));
  }

  @AfterAll
  static void stop() {
    for (TestServer server : List.of(orders, payments, catalog, identity)) {
      server.close();
    }
    databases.forEach(HikariDataSource::close);
  }

  private static String place(String token) {
    Reply reply = orders.post("/orders", token, ORDER);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    return reply.json().get("id").asText();
  }

  @Test
  void placesAnOrderPricedFromTheCatalog() {
    Reply reply = orders.post("/orders", ALICE, ORDER);

    assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
    JsonNode order = reply.json();
    assertThat(order.get("owner").asText()).isEqualTo("alice");
    assertThat(order.get("status").asText()).isEqualTo("PENDING");
    assertThat(order.get("totalCents").asLong()).isEqualTo(2 * 120 + 110);
    assertThat(order.get("currency").asText()).isEqualTo("EUR");
    assertThat(order.get("items").get(0).get("productName").asText()).isEqualTo("Croissant");
    assertThat(order.get("items").get(0).get("lineTotalCents").asLong()).isEqualTo(240);
    assertThat(reply.header("Location")).isEqualTo("/orders/" + order.get("id").asText());
  }

  @Test
  void listsOnlyTheCallersOwnOrders() {
    String alices = place(ALICE);
    String bobs = place(BOB);

    List<String> seenByAlice =
        orders.get("/orders", ALICE).json().get("orders").findValues("id").stream()
            .map(JsonNode::asText)
            .toList();

    assertThat(seenByAlice).contains(alices).doesNotContain(bobs);
    assertThat(orders.get("/orders", ALICE).json().get("orders").findValues("owner"))
        .allMatch(owner -> owner.asText().equals("alice"));
  }

  @Test
  void someoneElsesOrderAnswersLikeAMissingOne() {
    String bobs = place(BOB);

    Reply asAlice = orders.get("/orders/" + bobs, ALICE);
    Reply missing = orders.get("/orders/" + UUID.randomUUID(), ALICE);

    assertThat(asAlice.status()).isEqualTo(404);
    assertThat(asAlice.json().get("detail")).isEqualTo(missing.json().get("detail"));
    assertThat(orders.get("/orders/" + bobs, BOB).status()).isEqualTo(200);
  }

  @Test
  void payingChargesOnTheOwnersBehalfWithAnExchangedTokenAndMarksTheOrderPaid() {
    String alice = TestIdentity.user("alice", "orders", "customer");
    String id = place(alice);
    int exchangesBefore = exchange.exchanges();

    Reply paid = orders.post("/orders/" + id + "/pay", alice, "");

    assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
    assertThat(paid.json().get("status").asText()).isEqualTo("PAID");
    assertThat(exchange.exchanges()).isEqualTo(exchangesBefore + 1);
    assertThat(exchange.requests().getLast())
        .containsEntry("subject_token", List.of(alice))
        .containsEntry("audience", List.of("payments"))
        .containsEntry("scope", List.of("bakery"));
    String chargeId = paid.json().get("chargeId").asText();
    JsonNode charge =
        payments
            .get(
                "/charges/" + chargeId,
                TestIdentity.delegated("alice", "orders-service", "payments", "customer"))
            .json();
    assertThat(charge.get("orderId").asText()).isEqualTo(id);
    assertThat(charge.get("amountCents").asLong()).isEqualTo(350);
    assertThat(charge.get("requestedBy").asText()).isEqualTo("alice");
    assertThat(charge.get("actor").asText()).isEqualTo("orders-service");
    assertThat(orders.get("/orders/" + id, alice).json().get("status").asText()).isEqualTo("PAID");
  }

  @Test
  void oneUserTokenIsExchangedOnceForSeveralPayments() {
    String alice = TestIdentity.user("alice", "orders", "customer");
    String first = place(alice);
    String second = place(alice);
    int exchangesBefore = exchange.exchanges();

    assertThat(orders.post("/orders/" + first + "/pay", alice, "").status()).isEqualTo(200);
    assertThat(orders.post("/orders/" + second + "/pay", alice, "").status()).isEqualTo(200);

    assertThat(exchange.exchanges()).isEqualTo(exchangesBefore + 1);
  }

  @Test
  void aUserTokenTheIdentityServerNoLongerAcceptsIs401AndNothingIsCharged() throws Exception {
    String alice = TestIdentity.user("alice", "orders", "customer");
    String id = place(alice);
    exchange.revoke(SignedJWT.parse(alice).getJWTClaimsSet().getJWTID());

    Reply refused = orders.post("/orders/" + id + "/pay", alice, "");

    assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.json().get("detail").asText()).contains("no longer accepts this token");
    assertThat(refused.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    assertThat(chargesFor(id)).isZero();
    assertThat(orders.get("/orders/" + id, alice).json().get("status").asText())
        .isEqualTo("PENDING");
  }

  @Test
  void anExchangeRefusedForTheServicesOwnCredentialsIs502AndNothingIsCharged() {
    try (TestServer badSecret =
        TestServer.start(
            ordersService(catalog.baseUri(), payments.baseUri(), identity.baseUri(), "wrong")
                ::routes)) {
      String id = badSecret.post("/orders", ALICE, ORDER).json().get("id").asText();

      Reply refused = badSecret.post("/orders/" + id + "/pay", ALICE, "");

      assertThat(refused.status()).as(refused.toString()).isEqualTo(502);
      assertThat(refused.json().get("detail").asText()).contains("invalid_client");
      assertThat(chargesFor(id)).isZero();
    }
  }

  private static int chargesFor(String orderId) {
    try (Connection c = paymentsDb.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT COUNT(*) FROM charges WHERE order_id = ?")) {
      s.setString(1, orderId);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void payingTwiceIs409() {
    String id = place(ALICE);
    assertThat(orders.post("/orders/" + id + "/pay", ALICE, "").status()).isEqualTo(200);

    Reply again = orders.post("/orders/" + id + "/pay", ALICE, "");

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.contentType()).startsWith("application/problem+json");
  }

  @Test
  void onlyTheOwnerCanPay() {
    String alices = place(ALICE);

    assertThat(orders.post("/orders/" + alices + "/pay", BOB, "").status()).isEqualTo(404);
    assertThat(orders.get("/orders/" + alices, ALICE).json().get("status").asText())
        .isEqualTo("PENDING");
  }

  @Test
  void callersWithoutCustomerRoleCannotOrder() {
    String baker = TestIdentity.user("ada", "orders", "admin");

    assertThat(orders.post("/orders", baker, ORDER).status()).isEqualTo(403);
    assertThat(orders.post("/orders", null, ORDER).status()).isEqualTo(401);
    assertThat(orders.get("/orders", null).status()).isEqualTo(401);
  }

  @Test
  void rejectsInvalidOrders() {
    String tooMany =
        "{\"items\":["
            + String.join(
                ",",
                java.util.stream.IntStream.range(0, 21)
                    .mapToObj(i -> "{\"productId\":\"p" + i + "\",\"quantity\":1}")
                    .toList())
            + "]}";
    for (String body :
        List.of(
            "{\"items\":[]}",
            tooMany,
            "{\"items\":[{\"productId\":\"croissant\",\"quantity\":0}]}",
            "{\"items\":[{\"productId\":\"croissant\",\"quantity\":51}]}",
            "{\"items\":[{\"productId\":\"croissant\",\"quantity\":1,\"price\":1}]}",
            "{\"items\":[{\"productId\":\"croissant\",\"quantity\":1},"
                + "{\"productId\":\"croissant\",\"quantity\":1}]}",
            "{\"items\":[{\"productId\":\"no-such-bread\",\"quantity\":1}]}")) {
      Reply reply = orders.post("/orders", ALICE, body);
      assertThat(reply.status()).as(body + " -> " + reply).isEqualTo(400);
    }
  }

  @Test
  void unreachableCatalogPaymentsOrIdentityIs502() throws IOException {
    URI dead = deadPort();
    try (TestServer noCatalog = TestServer.start(ordersService(dead, payments.baseUri())::routes);
        TestServer noPayments = TestServer.start(ordersService(catalog.baseUri(), dead)::routes);
        TestServer noIdentity =
            TestServer.start(
                ordersService(
                        catalog.baseUri(), payments.baseUri(), dead, TestExchangeEndpoint.SECRET)
                    ::routes)) {
      Reply order = noCatalog.post("/orders", ALICE, ORDER);
      assertThat(order.status()).isEqualTo(502);
      assertThat(order.contentType()).startsWith("application/problem+json");

      String id = noPayments.post("/orders", ALICE, ORDER).json().get("id").asText();
      assertThat(noPayments.post("/orders/" + id + "/pay", ALICE, "").status()).isEqualTo(502);
      assertThat(noPayments.get("/orders/" + id, ALICE).json().get("status").asText())
          .isEqualTo("PENDING");

      String unpaid = noIdentity.post("/orders", ALICE, ORDER).json().get("id").asText();
      Reply noExchange = noIdentity.post("/orders/" + unpaid + "/pay", ALICE, "");
      assertThat(noExchange.status()).isEqualTo(502);
      assertThat(noExchange.json().get("detail").asText()).contains("identity");
      assertThat(chargesFor(unpaid)).isZero();
    }
  }

  private static URI deadPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }
}
