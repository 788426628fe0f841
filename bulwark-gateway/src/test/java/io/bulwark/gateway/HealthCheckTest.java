package io.bulwark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.ClusterConfig.EndpointAddress;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.ListenerConfig;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.config.Timeouts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Active health checks take a failing endpoint out of balancing and bring it back. */
@Timeout(60)
class HealthCheckTest {

  @Test
  void stopsSendingTrafficToAnEndpointFailingItsHealthCheckUntilItRecovers() throws Exception {
    try (TestBackend a = TestBackend.start("a");
        TestBackend b = TestBackend.start("b");
        HttpClient client = HttpClient.newHttpClient()) {
      ClusterConfig cluster =
          new ClusterConfig(
              "pair",
              List.of(
                  new EndpointAddress("127.0.0.1", a.port()),
                  new EndpointAddress("127.0.0.1", b.port())),
              ClusterConfig.Balancing.ROUND_ROBIN,
              8,
              null,
              new ClusterConfig.HealthCheck(
                  "/health", Duration.ofMillis(50), Duration.ofMillis(500), 2, 2));
      try (GatewayServer gateway =
          GatewayServer.builder(
                  new GatewayConfig(
                      List.of(ListenerConfig.plain("public", "127.0.0.1", 0)),
                      List.of(RouteConfig.of("all", PathMatch.prefix("/"), "pair")),
                      List.of(cluster),
                      Timeouts.DEFAULTS,
                      Limits.DEFAULTS,
                      List.of()))
              .auditLog(new MemoryAuditLog())
              .workerThreads(1)
              .build()) {
        gateway.start();
        URI uri = URI.create("http://127.0.0.1:" + gateway.port("public") + "/x");
        assertThat(backendsServing(client, uri)).containsExactlyInAnyOrder("a", "b");

        a.healthStatus = 503;
        awaitServing(client, uri, Set.of("b"));
        assertThat(backendsServing(client, uri)).containsExactly("b");

        a.healthStatus = 200;
        awaitServing(client, uri, Set.of("a", "b"));
      }
    }
  }

  private static Set<String> backendsServing(HttpClient client, URI uri) throws Exception {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> r =
          client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      seen.add(r.headers().firstValue("x-backend").orElseThrow());
    }
    return seen;
  }

  private static void awaitServing(HttpClient client, URI uri, Set<String> expected)
      throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!backendsServing(client, uri).equals(expected)) {
      assertThat(System.nanoTime()).as("serving %s within 10 s", expected).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
