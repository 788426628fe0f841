package io.bulwark.examples.bakery.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.bulwark.examples.bakery.catalog.CatalogService;
import io.bulwark.examples.bakery.payments.PaymentsService;
import io.bulwark.examples.bakery.testing.TestIdentity;
import io.bulwark.examples.bakery.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BakeryDatabaseTest {
  @TempDir Path dataDir;

  @Test
  void catalogDataSurvivesRestart() {
    String admin = TestIdentity.user("ada", "catalog", "admin");
    String id;
    try (HikariDataSource db = BakeryDatabase.open(dataDir, "catalog");
        TestServer server =
            TestServer.start(new CatalogService(db, TestIdentity.verifier("catalog"))::routes)) {
      id =
          server
              .post(
                  "/products",
                  admin,
                  "{\"name\":\"Fougasse\",\"priceCents\":310,\"currency\":\"EUR\"}")
              .json()
              .get("id")
              .asText();
    }

    try (HikariDataSource db = BakeryDatabase.open(dataDir, "catalog");
        TestServer server =
            TestServer.start(new CatalogService(db, TestIdentity.verifier("catalog"))::routes)) {
      assertThat(server.get("/products/" + id, null).json().get("name").asText())
          .isEqualTo("Fougasse");
      assertThat(server.get("/products", null).json().get("products").findValues("id"))
          .extracting(n -> n.asText())
          .containsOnlyOnce("croissant");
    }
  }

  @Test
  void chargesSurviveRestartAndStayIdempotent() {
    String orders = TestIdentity.service("orders-service", "payments");
    String body =
        "{\"orderId\":\"" + UUID.randomUUID() + "\",\"amountCents\":250,\"currency\":\"EUR\"}";
    String chargeId;
    try (HikariDataSource db = BakeryDatabase.open(dataDir, "payments");
        TestServer server = payments(db)) {
      chargeId = server.post("/charges", orders, body).json().get("id").asText();
    }

    try (HikariDataSource db = BakeryDatabase.open(dataDir, "payments");
        TestServer server = payments(db)) {
      TestServer.Reply again = server.post("/charges", orders, body);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.json().get("id").asText()).isEqualTo(chargeId);
    }
  }

  private static TestServer payments(HikariDataSource db) {
    return TestServer.start(
        new PaymentsService(db, TestIdentity.verifier("payments"), "orders-service")::routes);
  }

  @Test
  void eachServiceHasItsOwnMigratedDatabaseFile() throws Exception {
    for (String service : BakeryDatabase.SERVICES) {
      try (HikariDataSource db = BakeryDatabase.open(dataDir, service);
          Connection c = db.getConnection();
          ResultSet rs =
              c.createStatement()
                  .executeQuery(
                      "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\"")) {
        rs.next();
        assertThat(rs.getInt(1)).isPositive();
      }
      assertThat(Files.exists(dataDir.resolve("bakery").resolve(service + ".mv.db"))).isTrue();
    }
  }

  @Test
  void refusesUnknownServices() {
    assertThatThrownBy(() -> BakeryDatabase.open(dataDir, "../catalog"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
