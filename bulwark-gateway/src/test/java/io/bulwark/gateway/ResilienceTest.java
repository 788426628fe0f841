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
import io.bulwark.gateway.upstream.ClusterGuard;
import io.bulwark.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Circuit breaker and retries against real failing upstreams. */
@Timeout(60)
class ResilienceTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private TestBackend backend;
  private GatewayServer gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (backend != null) {
      backend.close();
    }
    client.close();
  }

  private int start(ClusterConfig cluster) throws Exception {
    gateway =
        GatewayServer.builder(
                new GatewayConfig(
                    List.of(ListenerConfig.plain("public", "127.0.0.1", 0)),
                    List.of(RouteConfig.of("all", PathMatch.prefix("/"), cluster.name())),
                    List.of(cluster),
                    Timeouts.DEFAULTS,
                    Limits.DEFAULTS,
                    List.of()))
            .auditLog(new MemoryAuditLog())
            .workerThreads(1)
            .build();
    gateway.start();
    return gateway.port("public");
  }

  private HttpResponse<String> send(int port, String method, String path, String body)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void opensTheCircuitOnAFailingUpstreamAndStopsCallingIt() throws Exception {
    backend = TestBackend.start("failing");
    int port = start(ClusterConfig.of("flaky", new EndpointAddress("127.0.0.1", backend.port())));
    for (int i = 0; i < ClusterGuard.MINIMUM_CALLS; i++) {
      assertThat(send(port, "GET", "/fail", null).statusCode()).isEqualTo(500);
    }
    backend.seen.clear();
    HttpResponse<String> open = send(port, "GET", "/fail", null);
    assertThat(open.statusCode()).isEqualTo(503);
    assertThat(open.body()).contains("circuit-open");
    assertThat(send(port, "GET", "/healthy-path", null).statusCode()).isEqualTo(503);
    assertThat(backend.seen).isEmpty();
  }

  @Test
  void retriesIdempotentRequestsOnAnotherEndpointButNotRequestsWithBodies() throws Exception {
    backend = TestBackend.start("alive");
    int dead = FreePorts.next();
    int port =
        start(
            ClusterConfig.of(
                "pair",
                new EndpointAddress("127.0.0.1", dead),
                new EndpointAddress("127.0.0.1", backend.port())));
    List<Integer> postStatuses = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      postStatuses.add(send(port, "POST", "/orders", "{\"n\":" + i + "}").statusCode());
    }
    assertThat(postStatuses).containsExactlyInAnyOrder(200, 502);
    for (int i = 0; i < 6; i++) {
      HttpResponse<String> get = send(port, "GET", "/items/" + i, null);
      assertThat(get.statusCode()).isEqualTo(200);
      assertThat(get.body()).isEqualTo("alive GET /items/" + i);
    }
  }
}
