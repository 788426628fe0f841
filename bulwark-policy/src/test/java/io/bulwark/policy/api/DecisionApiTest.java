package io.bulwark.policy.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.core.http.HttpServer;
import io.bulwark.core.json.Json;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.policy.PolicyLoader;
import io.bulwark.policy.PolicySet;
import io.bulwark.policy.Principal;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecisionApiTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Map<String, Principal> TOKENS =
      Map.of(
          "alice-token",
              new Principal(
                  "alice",
                  Set.of("customer"),
                  Map.of("amr", java.util.List.of("pwd")),
                  Optional.empty()),
          "ada-token", Principal.of("ada", "admin"),
          "nobody-token", Principal.of("nobody"));

  @TempDir static Path dir;
  private static Telemetry telemetry;
  private static HttpServer server;
  private static final AtomicReference<PolicySet> POLICIES = new AtomicReference<>();

  @BeforeAll
  static void start() throws Exception {
    Files.writeString(
        dir.resolve("catalog.yaml"),
        """
        apiVersion: bulwark.io/v1
        resourcePolicy:
          resource: product
          rules:
            - {name: anyone-reads, actions: [read], effect: allow, roles: ["*", anonymous]}
            - {name: admin-writes, actions: [create], effect: allow, roles: [admin]}
        """);
    Files.writeString(
        dir.resolve("orders.yaml"),
        """
        apiVersion: bulwark.io/v1
        resourcePolicy:
          resource: order
          rules:
            - {name: customer-creates, actions: [create], effect: allow, roles: [customer]}
            - name: owner-reads
              actions: [read]
              effect: allow
              roles: [customer]
              condition: has(R.attr.owner) && R.attr.owner == P.id
        """);
    Files.writeString(
        dir.resolve("payments.yaml"),
        """
        apiVersion: bulwark.io/v1
        resourcePolicy:
          resource: charge
          rules:
            - {name: end-users-never-charge, actions: ["*"], effect: deny, roles: [customer]}
        """);
    Files.writeString(
        dir.resolve("routes.yaml"),
        """
        apiVersion: bulwark.io/v1
        routeMap:
          routes:
            - {method: GET, path: /products, resource: product, action: read}
            - {method: GET, path: "/products/{id}", resource: product, id: "{id}", action: read}
            - {method: POST, path: /products, resource: product, action: create}
            - {method: POST, path: /orders, resource: order, action: create}
            - {method: GET, path: "/orders/{id}", resource: order, id: "{id}", action: read}
            - {method: POST, path: /charges, resource: charge, action: create}
        """);
    POLICIES.set(PolicyLoader.load(dir));
    telemetry = Telemetry.create("policy-test", Optional.empty(), 0.0);
    PrincipalResolver resolver =
        token -> {
          if (token.equals("empty-token")) {
            return Optional.empty();
          }
          Principal p = TOKENS.get(token);
          if (p == null) {
            throw new RejectedCredentialsException("unknown token");
          }
          return Optional.of(p);
        };
    DecisionApi api =
        new DecisionApi(POLICIES::get, resolver, telemetry.meterRegistry(), Clock.systemUTC());
    server = HttpServer.builder("policy", telemetry).routes(api::routes).build().start();
  }

  @AfterAll
  static void stop() {
    server.close();
    telemetry.close();
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> nginx(String method, String uri, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.baseUri().resolve(DecisionApi.NGINX_PATH))
            .header("X-Original-Method", method)
            .header("X-Original-URI", uri)
            .GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> envoy(String method, String path, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.baseUri() + DecisionApi.ENVOY_PREFIX + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return Json.mapper().readTree(response.body());
  }

  private static double decisions(String api, String effect) {
    var counter =
        telemetry
            .meterRegistry()
            .find("policy.decisions")
            .tag("api", api)
            .tag("effect", effect)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void checkDecidesABatchWithExplanations() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/check",
            """
            {"principal": {"id": "alice", "roles": ["customer"], "attr": {"amr": ["pwd"]}},
             "context": {"time": "2025-03-04T10:00:00Z", "sourceIp": "10.0.0.1"},
             "resources": [
               {"resource": {"kind": "order", "id": "1001", "attr": {"owner": "alice"}},
                "actions": ["read", "create", "delete"]},
               {"resource": {"kind": "charge", "id": "c1"}, "actions": ["create"]}]}
            """);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode results = json(response).get("results");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("resource").toString())
        .isEqualTo("{\"kind\":\"order\",\"id\":\"1001\"}");
    JsonNode actions = results.get(0).get("actions");
    assertThat(actions.properties())
        .extracting(Map.Entry::getKey)
        .containsExactly("read", "create", "delete");
    assertThat(actions.get("read").get("effect").asText()).isEqualTo("ALLOW");
    assertThat(actions.get("read").get("policy").asText()).isEqualTo("resource:order");
    assertThat(actions.get("read").get("rule").asText()).isEqualTo("owner-reads");
    assertThat(actions.get("read").get("explanation").asText()).isNotBlank();
    assertThat(actions.get("delete").get("effect").asText()).isEqualTo("DENY");
    assertThat(actions.get("delete").get("explanation").asText()).contains("denied by default");
    JsonNode charge = results.get(1).get("actions").get("create");
    assertThat(charge.get("effect").asText()).isEqualTo("DENY");
    assertThat(charge.get("rule").asText()).isEqualTo("end-users-never-charge");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          missing principal id   | {"principal": {"roles": []}, "resources": [{"resource": {"kind": "o"}, "actions": ["read"]}]} | principal.id
          blank principal id     | {"principal": {"id": " "}, "resources": [{"resource": {"kind": "o"}, "actions": ["read"]}]} | principal.id
          missing principal      | {"resources": [{"resource": {"kind": "o"}, "actions": ["read"]}]} | principal
          unknown top member     | {"principal": {"id": "a"}, "resources": [{"resource": {"kind": "o"}, "actions": ["read"]}], "extra": 1} | extra
          unknown nested member  | {"principal": {"id": "a", "group": "x"}, "resources": [{"resource": {"kind": "o"}, "actions": ["read"]}]} | principal.group
          roles of wrong type    | {"principal": {"id": "a", "roles": "admin"}, "resources": [{"resource": {"kind": "o"}, "actions": ["read"]}]} | principal.roles
          role of wrong type     | {"principal": {"id": "a", "roles": [1]}, "resources": [{"resource": {"kind": "o"}, "actions": ["read"]}]} | principal.roles[0]
          attr of wrong type     | {"principal": {"id": "a", "attr": [1]}, "resources": [{"resource": {"kind": "o"}, "actions": ["read"]}]} | principal.attr
          attr nested too deep   | {"principal": {"id": "a", "attr": {"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":{"a":1}}}}}}}}}}}}}}}}}}}, "resources": [{"resource": {"kind": "o"}, "actions": ["read"]}]} | principal.attr
          bad time               | {"principal": {"id": "a"}, "context": {"time": "yesterday"}, "resources": [{"resource": {"kind": "o"}, "actions": ["read"]}]} | context.time
          no resources           | {"principal": {"id": "a"}, "resources": []} | resources
          missing kind           | {"principal": {"id": "a"}, "resources": [{"resource": {"id": "1"}, "actions": ["read"]}]} | resources[0].resource.kind
          id of wrong type       | {"principal": {"id": "a"}, "resources": [{"resource": {"kind": "o", "id": 7}, "actions": ["read"]}]} | resources[0].resource.id
          no actions             | {"principal": {"id": "a"}, "resources": [{"resource": {"kind": "o"}, "actions": []}]} | resources[0].actions
          action of wrong type   | {"principal": {"id": "a"}, "resources": [{"resource": {"kind": "o"}, "actions": [null]}]} | resources[0].actions[0]
          """)
  void badCheckRequestIsA400NamingTheMember(String name, String body, String member)
      throws Exception {
    double before = decisions("check", "allow") + decisions("check", "deny");

    HttpResponse<String> response = post("/v1/check", body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json(response);
    assertThat(problem.get("member").asText()).isEqualTo(member);
    assertThat(problem.get("detail").asText()).startsWith(member + " ");
    assertThat(response.body()).doesNotContain("admin\"", "yesterday");
    assertThat(decisions("check", "allow") + decisions("check", "deny")).isEqualTo(before);
  }

  @Test
  void tooManyResourcesOrActionsAreRefused() throws Exception {
    String resource = "{\"resource\": {\"kind\": \"o\"}, \"actions\": [\"read\"]}";
    String many = IntStream.range(0, 101).mapToObj(i -> resource).collect(Collectors.joining(","));
    String actions =
        IntStream.range(0, 21).mapToObj(i -> "\"a" + i + "\"").collect(Collectors.joining(","));

    HttpResponse<String> tooManyResources =
        post("/v1/check", "{\"principal\": {\"id\": \"a\"}, \"resources\": [" + many + "]}");
    HttpResponse<String> tooManyActions =
        post(
            "/v1/check",
            "{\"principal\": {\"id\": \"a\"}, \"resources\": [{\"resource\": {\"kind\": \"o\"},"
                + " \"actions\": ["
                + actions
                + "]}]}");

    assertThat(tooManyResources.statusCode()).isEqualTo(400);
    assertThat(json(tooManyResources).get("member").asText()).isEqualTo("resources");
    assertThat(tooManyActions.statusCode()).isEqualTo(400);
    assertThat(json(tooManyActions).get("member").asText()).isEqualTo("resources[0].actions");
  }

  @Test
  void malformedJsonIsAProblem() throws Exception {
    HttpResponse<String> response = post("/v1/check", "{\"principal\": ");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
  }

  @Test
  void nginxAllowsASignedInCustomerToOrder() throws Exception {
    HttpResponse<String> response = nginx("POST", "/orders", "alice-token");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue(DecisionApi.PRINCIPAL_HEADER)).contains("alice");
  }

  @Test
  void nginxAllowsAnonymousWhenThePolicyDoesAndIgnoresTheQuery() throws Exception {
    HttpResponse<String> response = nginx("GET", "/products/baguette?fresh=1", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue(DecisionApi.PRINCIPAL_HEADER)).contains("anonymous");
  }

  @Test
  void nginxDeniesASignedInCallerWith403() throws Exception {
    double before = decisions("nginx", "deny");

    HttpResponse<String> response = nginx("POST", "/charges", "alice-token");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(decisions("nginx", "deny")).isEqualTo(before + 1);
  }

  @Test
  void nginxAsksAnAnonymousCallerToSignInWhenThePolicyDenies() throws Exception {
    HttpResponse<String> response = nginx("POST", "/orders", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue(DecisionApi.PRINCIPAL_HEADER)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"unknown-token", "empty-token"})
  void nginxRejectsABadTokenWith401(String token) throws Exception {
    HttpResponse<String> response = nginx("GET", "/products", token);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(value -> assertThat(value).contains("invalid_token"));
  }

  @Test
  void nginxRejectsANonBearerAuthorizationWith401() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(server.baseUri().resolve(DecisionApi.NGINX_PATH))
                .header("X-Original-Method", "GET")
                .header("X-Original-URI", "/products")
                .header("Authorization", "Basic YWxpY2U6cHc=")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @ParameterizedTest
  @CsvSource({"GET, /admin", "DELETE, /orders", "GET, /orders/../admin", "GET, /orders/1/x"})
  void nginxDeniesUnmappedRoutesWith403(String method, String uri) throws Exception {
    assertThat(nginx(method, uri, "ada-token").statusCode()).isEqualTo(403);
  }

  @Test
  void nginxResolvesLiteralDotSegmentsBeforeMatching() throws Exception {
    assertThat(nginx("GET", "/orders/./../products//baguette", null).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @CsvSource({
    "/../orders",
    "/products/%2e%2e/orders",
    "/products/%2E",
    "/orders%2F1",
    "/orders%5c1",
    "/orders\\1",
    "/orders/%00",
    "/orders/%zz",
    "/orders/%c3%28",
    "orders"
  })
  void nginxRefusesPathTricksWith400(String uri) throws Exception {
    HttpResponse<String> response = nginx("GET", uri, "alice-token");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("detail").asText()).startsWith("Refused path: ");
  }

  @Test
  void nginxNeedsTheOriginalMethodAndUri() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(server.baseUri().resolve(DecisionApi.NGINX_PATH)).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void envoyAllowsWithThePrincipalHeader() throws Exception {
    HttpResponse<String> response = envoy("POST", "/orders", "alice-token");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-bulwark-principal")).contains("alice");
  }

  @Test
  void envoyDeniesWith403And401() throws Exception {
    assertThat(envoy("POST", "/charges", "alice-token").statusCode()).isEqualTo(403);
    assertThat(envoy("POST", "/orders", null).statusCode()).isEqualTo(401);
    assertThat(envoy("GET", "/products", null).statusCode()).isEqualTo(200);
    assertThat(envoy("GET", "/", "ada-token").statusCode()).isEqualTo(403);
    assertThat(envoy("GET", "/products/%2e%2e/orders", "ada-token").statusCode()).isEqualTo(400);
  }

  @Test
  void decisionsFollowTheSuppliedSet() throws Exception {
    PolicySet before = POLICIES.get();
    try {
      POLICIES.set(PolicySet.empty());
      assertThat(nginx("POST", "/orders", "alice-token").statusCode()).isEqualTo(403);
    } finally {
      POLICIES.set(before);
    }
    assertThat(nginx("POST", "/orders", "alice-token").statusCode()).isEqualTo(200);
  }
}
