package io.bulwark.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final HttpHeaders none = new DefaultHttpHeaders();

  @Test
  void firstMatchingRouteWinsInConfigurationOrder() {
    Router router =
        new Router(
            List.of(
                RouteConfig.of("exact", PathMatch.exact("/orders/new"), "c"),
                RouteConfig.of("template", PathMatch.template("/orders/{id}"), "c"),
                RouteConfig.of("prefix", PathMatch.prefix("/orders"), "c")));
    assertThat(router.match("h", "GET", "/orders/new", none).orElseThrow().route().id())
        .isEqualTo("exact");
    RouteMatch m = router.match("h", "GET", "/orders/7", none).orElseThrow();
    assertThat(m.route().id()).isEqualTo("template");
    assertThat(m.pathParams()).isEqualTo(Map.of("id", "7"));
    assertThat(router.match("h", "GET", "/orders/7/items", none).orElseThrow().route().id())
        .isEqualTo("prefix");
  }

  @Test
  void templateParametersMatchOneNonEmptySegment() {
    Router router =
        new Router(List.of(RouteConfig.of("t", PathMatch.template("/u/{user}/o/{order}"), "c")));
    assertThat(router.match(null, "GET", "/u/al/o/9", none).orElseThrow().pathParams())
        .isEqualTo(Map.of("user", "al", "order", "9"));
    assertThat(router.match(null, "GET", "/u//o/9", none)).isEmpty();
    assertThat(router.match(null, "GET", "/u/al/o/9/x", none)).isEmpty();
  }

  @Test
  void matchesHostMethodAndHeaders() {
    RouteConfig route =
        new RouteConfig(
            "r",
            "*.example.com",
            PathMatch.prefix("/"),
            Set.of("post"),
            Map.of("X-Tenant", "acme"),
            "c",
            null);
    Router router = new Router(List.of(route));
    HttpHeaders tenant = new DefaultHttpHeaders().add("x-tenant", "acme");
    assertThat(router.match("api.example.com", "POST", "/x", tenant)).isPresent();
    assertThat(router.match("example.com", "POST", "/x", tenant)).isEmpty();
    assertThat(router.match("api.example.com", "GET", "/x", tenant)).isEmpty();
    assertThat(router.match("api.example.com", "POST", "/x", none)).isEmpty();
  }

  @Test
  void rejectsTemplatesWithPartialOrDuplicateParameters() {
    assertThatThrownBy(
            () -> new Router(List.of(RouteConfig.of("t", PathMatch.template("/a/x{id}"), "c"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Router(List.of(RouteConfig.of("t", PathMatch.template("/{id}/{id}"), "c"))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
