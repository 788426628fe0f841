package io.bulwark.examples.bakery.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.bulwark.examples.bakery.store.BakeryDatabase;
import io.bulwark.examples.bakery.testing.TestIdentity;
import io.bulwark.examples.bakery.testing.TestServer;
import io.bulwark.examples.bakery.testing.TestServer.Reply;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CatalogServiceTest {
  @TempDir static Path dataDir;

  private static HikariDataSource db;
  private static TestServer server;

  private static final String ADMIN = TestIdentity.user("ada", "catalog", "admin");
  private static final String CUSTOMER = TestIdentity.user("alice", "catalog", "customer");

  @BeforeAll
  static void start() {
    db = BakeryDatabase.open(dataDir, "catalog");
    CatalogService catalog = new CatalogService(db, TestIdentity.verifier("catalog"));
    server = TestServer.start(catalog::routes);
  }

  @AfterAll
  static void stop() {
    server.close();
    db.close();
  }

  private static String product(String name, long priceCents) {
    return "{\"name\":\"" + name + "\",\"priceCents\":" + priceCents + ",\"currency\":\"EUR\"}";
  }

  @Test
  void listsSeededProductsWithoutAToken() {
    Reply reply = server.get("/products", null);

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("application/json");
    List<String> ids =
        reply.json().get("products").findValues("id").stream().map(JsonNode::asText).toList();
    assertThat(ids).contains("croissant", "baguette", "pain-au-chocolat");
  }

  @Test
  void readsOneProductWithoutAToken() {
    JsonNode croissant = server.get("/products/croissant", null).json();

    assertThat(croissant.get("name").asText()).isEqualTo("Croissant");
    assertThat(croissant.get("priceCents").asLong()).isEqualTo(120);
    assertThat(croissant.get("currency").asText()).isEqualTo("EUR");
  }

  @Test
  void unknownProductIsA404Problem() {
    Reply reply = server.get("/products/no-such-thing", null);

    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.json().get("status").asInt()).isEqualTo(404);
    assertThat(server.get("/products/bad%20id", null).status()).isEqualTo(404);
  }

  @Test
  void adminCreatesAProductThatAnyoneCanRead() {
    Reply created = server.post("/products", ADMIN, product("Kouign-amann", 260));

    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String id = created.json().get("id").asText();
    assertThat(created.header("Location")).isEqualTo("/products/" + id);
    JsonNode read = server.get("/products/" + id, null).json();
    assertThat(read.get("name").asText()).isEqualTo("Kouign-amann");
    assertThat(read.get("priceCents").asLong()).isEqualTo(260);
  }

  @Test
  void adminReplacesAProduct() {
    String id = server.post("/products", ADMIN, product("Chausson", 180)).json().get("id").asText();

    Reply replaced = server.put("/products/" + id, ADMIN, product("Chausson aux pommes", 190));

    assertThat(replaced.status()).isEqualTo(200);
    JsonNode read = server.get("/products/" + id, null).json();
    assertThat(read.get("name").asText()).isEqualTo("Chausson aux pommes");
    assertThat(read.get("priceCents").asLong()).isEqualTo(190);
  }

  @Test
  void replacingAnUnknownProductIs404() {
    assertThat(server.put("/products/unknown", ADMIN, product("X", 1)).status()).isEqualTo(404);
  }

  @Test
  void customerCannotCreateOrReplaceProducts() {
    Reply create = server.post("/products", CUSTOMER, product("Free bread", 1));
    Reply replace = server.put("/products/croissant", CUSTOMER, product("Croissant", 1));

    assertThat(create.status()).isEqualTo(403);
    assertThat(create.contentType()).startsWith("application/problem+json");
    assertThat(replace.status()).isEqualTo(403);
    assertThat(server.get("/products/croissant", null).json().get("priceCents").asLong())
        .isEqualTo(120);
  }

  @Test
  void writeWithoutTokenIs401WithBearerChallenge() {
    Reply reply = server.post("/products", null, product("Anonymous bread", 100));

    assertThat(reply.status()).isEqualTo(401);
    assertThat(reply.contentType()).startsWith("application/problem+json");
    assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"catalog\"");
  }

  @Test
  void writeWithInvalidTokenIs401WithInvalidTokenError() {
    String ordersToken = TestIdentity.user("ada", "orders", "admin");
    String expired =
        TestIdentity.token(
            "ada", "bakery-web", "catalog", List.of("admin"), Instant.now().minusSeconds(120));

    Reply wrongAudience = server.post("/products", ordersToken, product("Bread", 100));
    Reply expiredReply = server.post("/products", expired, product("Bread", 100));
    Reply garbage = server.post("/products", "not.a.jwt", product("Bread", 100));

    assertThat(wrongAudience.status()).isEqualTo(401);
    assertThat(wrongAudience.header("WWW-Authenticate"))
        .isEqualTo(
            "Bearer realm=\"catalog\", error=\"invalid_token\","
                + " error_description=\"wrong audience\"");
    assertThat(expiredReply.status()).isEqualTo(401);
    assertThat(expiredReply.header("WWW-Authenticate"))
        .contains("error_description=\"token expired\"");
    assertThat(garbage.status()).isEqualTo(401);
    assertThat(garbage.json().get("detail").asText()).doesNotContain("not.a.jwt");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"name\":\"Bread\",\"priceCents\":100,\"currency\":\"EUR\",\"admin\":true}",
        "{\"name\":\"Bread\",\"priceCents\":0,\"currency\":\"EUR\"}",
        "{\"name\":\"Bread\",\"priceCents\":-5,\"currency\":\"EUR\"}",
        "{\"name\":\"Bread\",\"priceCents\":100000000,\"currency\":\"EUR\"}",
        "{\"name\":\"Bread\",\"priceCents\":\"100\",\"currency\":\"EUR\"}",
        "{\"name\":\"Bread\",\"priceCents\":1.5,\"currency\":\"EUR\"}",
        "{\"name\":\"Bread\",\"priceCents\":100,\"currency\":\"USD\"}",
        "{\"name\":\"\",\"priceCents\":100,\"currency\":\"EUR\"}",
        "{\"name\":\" Bread\",\"priceCents\":100,\"currency\":\"EUR\"}",
        "{\"priceCents\":100,\"currency\":\"EUR\"}",
        "{\"name\":\"Bread\",\"name\":\"Cake\",\"priceCents\":100,\"currency\":\"EUR\"}",
        "{\"name\":\"Bread\",\"priceCents\":100,\"currency\":\"EUR\"} {}",
        "{\"name\":\"Bread\"",
        "[]",
        "null",
        ""
      })
  void invalidBodyIs400Problem(String body) {
    Reply reply = server.post("/products", ADMIN, body);

    assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
    assertThat(reply.contentType()).startsWith("application/problem+json");
  }

  @Test
  void nameLongerThan100CharactersIs400() {
    assertThat(server.post("/products", ADMIN, product("a".repeat(101), 100)).status())
        .isEqualTo(400);
    assertThat(server.post("/products", ADMIN, product("a".repeat(100), 100)).status())
        .isEqualTo(201);
  }

  @Test
  void nonJsonBodyIs415AndOversizedBodyIs413() {
    Reply text =
        server.send(
            server
                .request("/products", ADMIN)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(product("Bread", 100))));
    Reply huge = server.post("/products", ADMIN, product("x".repeat(20_000), 100));

    assertThat(text.status()).isEqualTo(415);
    assertThat(huge.status()).isEqualTo(413);
  }
}
