package io.bulwark.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.ClusterConfig.EndpointAddress;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.ListenerConfig;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.ResilienceConfig;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.config.Timeouts;
import io.bulwark.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

  private static GatewayConfig config(ClusterConfig cluster) {
    return new GatewayConfig(
        List.of(ListenerConfig.plain("public", "127.0.0.1", 0)),
        List.of(RouteConfig.of("all", PathMatch.prefix("/"), cluster.name())),
        List.of(cluster),
        Timeouts.DEFAULTS,
        Limits.DEFAULTS,
        List.of());
  }

  private static ResilienceConfig breaker(int minimumNumberOfCalls, int slidingWindowSize) {
    return new ResilienceConfig(
        new ResilienceConfig.CircuitBreaker(
            50,
            Duration.ofSeconds(60),
            100,
            minimumNumberOfCalls,
            slidingWindowSize,
            Duration.ofSeconds(30),
            3),
        ResilienceConfig.Retry.DEFAULTS,
        ResilienceConfig.Bulkhead.DEFAULTS);
  }

  private int start(ClusterConfig cluster) throws Exception {
    gateway =
        GatewayServer.builder(config(cluster))
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
    for (int i = 0; i < ResilienceConfig.CircuitBreaker.DEFAULTS.minimumNumberOfCalls(); i++) {
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

  @Test
  void aClusterConfiguredWithMinimumFourCallsOpensAfterFourFailuresWith503AndRetryAfter()
      throws Exception {
    backend = TestBackend.start("failing");
    int port =
        start(
            ClusterConfig.of("flaky", new EndpointAddress("127.0.0.1", backend.port()))
                .withResilience(breaker(4, 4)));
    for (int i = 0; i < 4; i++) {
      assertThat(send(port, "GET", "/fail", null).statusCode()).isEqualTo(500);
    }
    backend.seen.clear();

    HttpResponse<String> open = send(port, "GET", "/fail", null);

    assertThat(open.statusCode()).isEqualTo(503);
    assertThat(open.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(open.body()).contains("circuit-open");
    assertThat(open.headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 30L));
    assertThat(backend.seen).isEmpty();
  }

  @Test
  void aLargerMinimumNumberOfCallsKeepsTheCircuitClosedAfterFourFailures() throws Exception {
    backend = TestBackend.start("failing");
    int port =
        start(
            ClusterConfig.of("flaky", new EndpointAddress("127.0.0.1", backend.port()))
                .withResilience(breaker(8, 8)));
    for (int i = 0; i < 4; i++) {
      assertThat(send(port, "GET", "/fail", null).statusCode()).isEqualTo(500);
    }

    assertThat(send(port, "GET", "/fail", null).statusCode()).isEqualTo(500);
    for (int i = 0; i < 3; i++) {
      send(port, "GET", "/fail", null);
    }
    assertThat(send(port, "GET", "/fail", null).statusCode()).isEqualTo(503);
  }

  @Test
  void reloadKeepsAnOpenCircuitWhenTheClusterIsUnchangedAndResetsItWhenItsSettingsChange()
      throws Exception {
    backend = TestBackend.start("failing");
    ClusterConfig cluster =
        ClusterConfig.of("flaky", new EndpointAddress("127.0.0.1", backend.port()))
            .withResilience(breaker(4, 4));
    int port = start(cluster);
    for (int i = 0; i < 4; i++) {
      send(port, "GET", "/fail", null);
    }
    assertThat(send(port, "GET", "/x", null).statusCode()).isEqualTo(503);

    gateway.reload(config(cluster));
    assertThat(send(port, "GET", "/x", null).statusCode()).isEqualTo(503);

    gateway.reload(config(cluster.withResilience(breaker(4, 5))));
    assertThat(send(port, "GET", "/x", null).statusCode()).isEqualTo(200);
  }

  @Test
  void maxAttemptsOneNeverRetriesOnAnotherEndpoint() throws Exception {
    backend = TestBackend.start("alive");
    int dead = FreePorts.next();
    ResilienceConfig noRetry =
        new ResilienceConfig(
            ResilienceConfig.CircuitBreaker.DEFAULTS,
            new ResilienceConfig.Retry(1, 20, Duration.ZERO),
            ResilienceConfig.Bulkhead.DEFAULTS);
    int port =
        start(
            ClusterConfig.of(
                    "pair",
                    new EndpointAddress("127.0.0.1", dead),
                    new EndpointAddress("127.0.0.1", backend.port()))
                .withResilience(noRetry));
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      statuses.add(send(port, "GET", "/items/" + i, null).statusCode());
    }
    assertThat(statuses).containsExactlyInAnyOrder(200, 502);
  }

  @Test
  void aRetryWaitsTheBackoffAndStillReachesTheLiveEndpoint() throws Exception {
    backend = TestBackend.start("alive");
    int dead = FreePorts.next();
    ResilienceConfig slowRetry =
        new ResilienceConfig(
            ResilienceConfig.CircuitBreaker.DEFAULTS,
            new ResilienceConfig.Retry(3, 100, Duration.ofMillis(50)),
            ResilienceConfig.Bulkhead.DEFAULTS);
    int port =
        start(
            ClusterConfig.of(
                    "pair",
                    new EndpointAddress("127.0.0.1", dead),
                    new EndpointAddress("127.0.0.1", backend.port()))
                .withResilience(slowRetry));
    for (int i = 0; i < 4; i++) {
      assertThat(send(port, "GET", "/items/" + i, null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aBulkheadOfOneAnswers503WhileARequestIsInFlight() throws Exception {
    backend = TestBackend.start("slow");
    int port =
        start(
            ClusterConfig.of("one", new EndpointAddress("127.0.0.1", backend.port()))
                .withResilience(
                    new ResilienceConfig(
                        ResilienceConfig.CircuitBreaker.DEFAULTS,
                        ResilienceConfig.Retry.DEFAULTS,
                        new ResilienceConfig.Bulkhead(1))));
    CompletableFuture<HttpResponse<String>> slow =
        client.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(backend.next()).as("the slow request reached the backend").isNotNull();

    HttpResponse<String> full = send(port, "GET", "/x", null);

    assertThat(full.statusCode()).isEqualTo(503);
    assertThat(full.body()).contains("bulkhead-full");
    assertThat(full.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(send(port, "GET", "/x", null).statusCode()).isEqualTo(200);
  }

  @Test
  void settingsOutOfRangeAreRefused() {
    assertThatThrownBy(() -> breaker(0, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> breaker(5, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ResilienceConfig.Retry(6, 20, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ResilienceConfig.Bulkhead(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
