package io.bulwark.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.ClusterConfig.EndpointAddress;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.ListenerConfig;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.config.Timeouts;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Configuration reload while a client keeps its connection open. */
@Timeout(60)
class ReloadTest {
  private static GatewayConfig config(
      List<RouteConfig> routes, List<ClusterConfig> clusters, int listenerPort) {
    return new GatewayConfig(
        List.of(ListenerConfig.plain("public", "127.0.0.1", listenerPort)),
        routes,
        clusters,
        Timeouts.DEFAULTS,
        Limits.DEFAULTS,
        List.of());
  }

  @Test
  void reloadsRoutesWithoutDroppingConnectionsAndRejectsBadConfig() throws Exception {
    try (TestBackend a = TestBackend.start("a");
        TestBackend b = TestBackend.start("b")) {
      ClusterConfig ca = ClusterConfig.of("a", new EndpointAddress("127.0.0.1", a.port()));
      ClusterConfig cb = ClusterConfig.of("b", new EndpointAddress("127.0.0.1", b.port()));
      GatewayConfig first =
          config(List.of(RouteConfig.of("old", PathMatch.prefix("/old"), "a")), List.of(ca), 0);
      try (GatewayServer gateway =
          GatewayServer.builder(first).auditLog(new MemoryAuditLog()).workerThreads(1).build()) {
        gateway.start();
        int port = gateway.port("public");
        try (RawHttp http = new RawHttp(port)) {
          assertThat(http.send("GET /old/x HTTP/1.1\r\nHost: g\r\n\r\n").read().body())
              .isEqualTo("a GET /old/x");

          gateway.reload(
              config(
                  List.of(RouteConfig.of("new", PathMatch.prefix("/new"), "b")),
                  List.of(ca, cb),
                  0));

          assertThat(http.send("GET /new/y HTTP/1.1\r\nHost: g\r\n\r\n").read().body())
              .isEqualTo("b GET /new/y");
          assertThat(http.send("GET /old/x HTTP/1.1\r\nHost: g\r\n\r\n").read().status())
              .isEqualTo(404);

          assertThatThrownBy(() ->
                  gateway.reload(
                      config(
                          List.of(RouteConfig.of("bad", PathMatch.template("/x/{id}/{id}"), "b")),
                          List.of(cb),
                          0)))
              .isInstanceOf(IllegalArgumentException.class);
          assertThatThrownBy(() ->
                  gateway.reload(
                      config(
                          List.of(RouteConfig.of("new", PathMatch.prefix("/new"), "b")),
                          List.of(cb),
                          9)))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("listeners");

          assertThat(http.send("GET /new/z HTTP/1.1\r\nHost: g\r\n\r\n").read().body())
              .isEqualTo("b GET /new/z");
          assertThat(gateway.config().routes()).extracting(RouteConfig::id).containsExactly("new");
        }
      }
    }
  }
}
