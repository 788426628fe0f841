package io.bulwark.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteMapTest {
  private static final String HEAD = "apiVersion: bulwark.io/v1\nrouteMap:\n  routes:\n";

  @TempDir Path dir;

  private String write(String name, String routes) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, HEAD + routes);
    return file.toString();
  }

  private List<String> errors() {
    PolicyLoadException e =
        catchThrowableOfType(PolicyLoadException.class, () -> PolicyLoader.load(dir));
    assertThat(e).as("load should fail").isNotNull();
    return e.errors().stream().map(PolicyError::format).toList();
  }

  @Test
  void matchesLiteralAndVariableSegmentsAndFillsTheId() throws Exception {
    write(
        "routes.yaml",
        """
            - {method: GET, path: /products, resource: product, action: list}
            - {method: GET, path: "/products/{id}", resource: product, id: "{id}", action: read}
            - {method: POST, path: "/orders/{id}/pay", resource: order, id: "o-{id}", action: pay}
        """);

    RouteMap routes = PolicyLoader.load(dir).routes();

    assertThat(routes.size()).isEqualTo(3);
    assertThat(routes.match("GET", List.of("products")))
        .contains(new RouteMatch("product", "", "list", "GET /products"));
    assertThat(routes.match("GET", List.of("products", "baguette")))
        .contains(new RouteMatch("product", "baguette", "read", "GET /products/{id}"));
    assertThat(routes.match("POST", List.of("orders", "7", "pay")))
        .map(RouteMatch::id)
        .contains("o-7");
    assertThat(routes.match("POST", List.of("orders", "{id}$1", "pay")))
        .map(RouteMatch::id)
        .contains("o-{id}$1");
    assertThat(routes.match("POST", List.of("products"))).isEmpty();
    assertThat(routes.match("GET", List.of("products", "a", "b"))).isEmpty();
  }

  @Test
  void duplicateRouteInAnotherFileIsAnErrorWithBothPositions() throws IOException {
    String first =
        write("a.yaml", "    - {method: GET, path: /orders, resource: order, action: list}\n");
    String second =
        write("b.yaml", "    - {method: GET, path: /orders, resource: order, action: read}\n");

    assertThat(errors())
        .containsExactly(
            second
                + ":4:7: route GET /orders duplicates route GET /orders (at "
                + first
                + ":4:7); routes must not overlap");
  }

  @Test
  void overlappingVariableAndLiteralRoutesAreAnError() throws IOException {
    String file =
        write(
            "routes.yaml",
            """
                - {method: GET, path: "/orders/{id}", resource: order, id: "{id}", action: read}
                - {method: GET, path: /orders/new, resource: order, action: create}
            """);

    assertThat(errors())
        .singleElement()
        .asString()
        .startsWith(file + ":5:7: route GET /orders/new overlaps route GET /orders/{id}");
  }

  @Test
  void malformedRoutesAreReportedAtTheirValues() throws IOException {
    String file =
        write(
            "routes.yaml",
            """
                - {method: FETCH, path: /a, resource: r, action: x}
                - {method: GET, path: b, resource: r, action: x}
                - {method: GET, path: /c/%2e, resource: r, action: x}
                - {method: GET, path: "/d/{id}", resource: r, id: "{oid}", action: x}
                - {method: GET, path: /e, resource: r}
            """);

    assertThat(errors())
        .containsExactly(
            file + ":4:16: method must be one of: DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT",
            file + ":5:27: path must start with '/'",
            file
                + ":6:27: path segment '%2e' must be a {variable} or non-empty text without '%',"
                + " '/', '?' or '#'",
            file + ":7:55: id uses {oid}, which is not a variable of the path",
            file + ":8:7: missing required field 'action' in routeMap.routes[4]");
  }

  @Test
  void routeMapSharesTheDirectoryWithPolicies() throws Exception {
    write("routes.yaml", "    - {method: GET, path: /products, resource: product, action: read}\n");
    Files.writeString(
        dir.resolve("catalog.yaml"),
        """
        apiVersion: bulwark.io/v1
        resourcePolicy:
          resource: product
          rules:
            - {actions: [read], effect: allow, roles: ["*", anonymous]}
        """);

    PolicySet set = PolicyLoader.load(dir);
    RouteMatch match = set.routes().match("GET", List.of("products")).orElseThrow();

    assertThat(
            set.decide(
                    Principal.anonymous(),
                    match.resource(),
                    match.action(),
                    RequestContext.at(java.time.Instant.EPOCH))
                .allowed())
        .isTrue();
  }
}
