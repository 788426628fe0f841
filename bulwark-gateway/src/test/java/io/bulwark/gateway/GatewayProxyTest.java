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
import io.bulwark.testkit.FreePorts;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class GatewayProxyTest {
  private final MemoryAuditLog audit = new MemoryAuditLog();
  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private TestBackend a;
  private TestBackend b;
  private GatewayServer gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    client.close();
  }

  private int start(List<RouteConfig> routes, List<ClusterConfig> clusters, Timeouts timeouts)
      throws Exception {
    GatewayConfig config =
        new GatewayConfig(
            List.of(ListenerConfig.plain("public", "127.0.0.1", 0)),
            routes,
            clusters,
            timeouts,
            Limits.DEFAULTS,
            List.of());
    gateway =
        GatewayServer.builder(config)
            .auditLog(audit)
            .meterRegistry(meters)
            .workerThreads(1)
            .build();
    gateway.start();
    return gateway.port("public");
  }

  private int startSimple() throws Exception {
    a = TestBackend.start("a");
    return start(
        List.of(
            new RouteConfig(
                "orders",
                null,
                PathMatch.template("/orders/{id}"),
                Set.of("GET"),
                Map.of(),
                "shop",
                null),
            RouteConfig.of("api", PathMatch.prefix("/api"), "shop"),
            RouteConfig.of("sink", PathMatch.prefix("/sink"), "shop"),
            RouteConfig.of("big", PathMatch.exact("/big"), "shop")),
        List.of(ClusterConfig.of("shop", new EndpointAddress("127.0.0.1", a.port()))),
        Timeouts.DEFAULTS);
  }

  private HttpResponse<String> get(int port, String path, String... headers) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (headers.length > 0) {
      req.headers(headers);
    }
    return client.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void proxiesMatchingRouteToUpstreamAndReturnsItsAnswer() throws Exception {
    int port = startSimple();
    HttpResponse<String> r = get(port, "/orders/42?x=1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("a GET /orders/42");
    assertThat(a.next().uri()).isEqualTo("/orders/42?x=1");
  }

  @Test
  void answersNotFoundProblemWhenNoRouteMatches() throws Exception {
    int port = startSimple();
    HttpResponse<String> r = get(port, "/nothing-here");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(r.body()).contains("\"status\":404").contains("no-route");
    HttpResponse<String> wrongMethod =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders/1"))
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(wrongMethod.statusCode()).isEqualTo(404);
  }

  @Test
  void prefixMatchesWholeSegmentsOnly() throws Exception {
    int port = startSimple();
    assertThat(get(port, "/api").statusCode()).isEqualTo(200);
    assertThat(get(port, "/api/x/y").statusCode()).isEqualTo(200);
    assertThat(get(port, "/apix").statusCode()).isEqualTo(404);
  }

  @Test
  void streamsLargeRequestBodyToUpstreamIntact() throws Exception {
    int port = startSimple();
    byte[] body = new byte[5 << 20];
    new Random(7).nextBytes(body);
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sink"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(body.length + " " + sha);
  }

  @Test
  void streamsChunkedRequestBodyOverRawSocket() throws Exception {
    int port = startSimple();
    RawHttp.Response r =
        RawHttp.exchange(
            port,
            "POST /sink HTTP/1.1\r\nHost: shop\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    String sha =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest("hello world".getBytes()));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("11 " + sha);
  }

  @Test
  void streamsLargeResponseBodyToClient() throws Exception {
    int port = startSimple();
    HttpResponse<byte[]> r =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/big?n=20000000"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).hasSize(20_000_000);
  }

  @Test
  void keepsClientConnectionAliveAcrossRequests() throws Exception {
    int port = startSimple();
    try (RawHttp http = new RawHttp(port)) {
      for (int i = 0; i < 3; i++) {
        RawHttp.Response r =
            http.send("GET /orders/" + i + " HTTP/1.1\r\nHost: shop\r\n\r\n").read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("a GET /orders/" + i);
      }
      RawHttp.Response notFound = http.send("GET /none HTTP/1.1\r\nHost: shop\r\n\r\n").read();
      assertThat(notFound.status()).isEqualTo(404);
      assertThat(http.send("GET /orders/9 HTTP/1.1\r\nHost: shop\r\n\r\n").read().status())
          .isEqualTo(200);
    }
  }

  @Test
  void answersPipelinedRequestsInOrder() throws Exception {
    int port = startSimple();
    try (RawHttp http = new RawHttp(port)) {
      http.send(
          "GET /orders/1 HTTP/1.1\r\nHost: shop\r\n\r\nGET /orders/2 HTTP/1.1\r\nHost: shop\r\n\r\n");
      assertThat(http.read().body()).isEqualTo("a GET /orders/1");
      assertThat(http.read().body()).isEqualTo("a GET /orders/2");
    }
  }

  @Test
  void balancesRoundRobinAcrossEndpoints() throws Exception {
    a = TestBackend.start("a");
    b = TestBackend.start("b");
    int port =
        start(
            List.of(RouteConfig.of("all", PathMatch.prefix("/"), "pair")),
            List.of(
                ClusterConfig.of(
                    "pair",
                    new EndpointAddress("127.0.0.1", a.port()),
                    new EndpointAddress("127.0.0.1", b.port()))),
            Timeouts.DEFAULTS);
    Set<String> backends = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      backends.add(get(port, "/x").headers().firstValue("x-backend").orElseThrow());
    }
    assertThat(backends).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void balancesLeastRequestAcrossEndpoints() throws Exception {
    a = TestBackend.start("a");
    b = TestBackend.start("b");
    int port =
        start(
            List.of(RouteConfig.of("all", PathMatch.prefix("/"), "pair")),
            List.of(
                new ClusterConfig(
                    "pair",
                    List.of(
                        new EndpointAddress("127.0.0.1", a.port()),
                        new EndpointAddress("127.0.0.1", b.port())),
                    ClusterConfig.Balancing.LEAST_REQUEST,
                    8,
                    null)),
            Timeouts.DEFAULTS);
    Set<String> backends = new HashSet<>();
    for (int i = 0; i < 40 && backends.size() < 2; i++) {
      backends.add(get(port, "/x").headers().firstValue("x-backend").orElseThrow());
    }
    assertThat(backends).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void answersBadGatewayThenServiceUnavailableWhenUpstreamIsDown() throws Exception {
    int dead = FreePorts.next();
    int port =
        start(
            List.of(RouteConfig.of("all", PathMatch.prefix("/"), "dead")),
            List.of(ClusterConfig.of("dead", new EndpointAddress("127.0.0.1", dead))),
            Timeouts.DEFAULTS);
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = get(port, "/x");
      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.body()).contains("upstream-failure");
    }
    HttpResponse<String> ejected = get(port, "/x");
    assertThat(ejected.statusCode()).isEqualTo(503);
    assertThat(ejected.body()).contains("no-healthy-upstream");
  }

  @Test
  void answersGatewayTimeoutWhenUpstreamIsSlow() throws Exception {
    a = TestBackend.start("a");
    int port =
        start(
            List.of(RouteConfig.of("all", PathMatch.prefix("/"), "shop")),
            List.of(ClusterConfig.of("shop", new EndpointAddress("127.0.0.1", a.port()))),
            new Timeouts(
                Duration.ofSeconds(2),
                Duration.ofMillis(300),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5)));
    HttpResponse<String> r = get(port, "/slow");
    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(get(port, "/fast").statusCode()).isEqualTo(200);
  }

  @Test
  void hardensResponsesAndHidesUpstreamServerBanner() throws Exception {
    int port = startSimple();
    HttpResponse<String> r = get(port, "/api/x");
    assertThat(r.headers().firstValue("server")).isEmpty();
    assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("content-security-policy"))
        .hasValue("frame-ancestors 'none'");
    assertThat(r.headers().firstValue("strict-transport-security")).isEmpty(); // plain listener
  }

  @Test
  void setsForwardedHeadersAndStripsClientSpoofedOnes() throws Exception {
    int port = startSimple();
    get(
        port,
        "/api/x",
        "X-Bulwark-Principal",
        "admin",
        "X-Forwarded-For",
        "6.6.6.6",
        "X-Forwarded-Proto",
        "https");
    TestBackend.Seen seen = a.next();
    assertThat(seen.header("x-bulwark-principal")).isNull();
    assertThat(seen.header("x-forwarded-for")).isEqualTo("127.0.0.1");
    assertThat(seen.header("x-forwarded-proto")).isEqualTo("http");
    assertThat(seen.header("x-forwarded-host")).isEqualTo("127.0.0.1:" + port);
  }

  @Test
  void stripsHopByHopHeadersIncludingThoseNamedInConnection() throws Exception {
    int port = startSimple();
    RawHttp.Response r =
        RawHttp.exchange(
            port,
            "GET /api/x HTTP/1.1\r\nHost: shop\r\nConnection: keep-alive, X-Secret-Hop\r\n"
                + "X-Secret-Hop: 1\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\nUpgrade: h2c\r\n\r\n");
    assertThat(r.status()).isEqualTo(200);
    TestBackend.Seen seen = a.next();
    assertThat(seen.header("x-secret-hop")).isNull();
    assertThat(seen.header("keep-alive")).isNull();
    assertThat(seen.header("te")).isNull();
    assertThat(seen.header("upgrade")).isNull();
  }

  @Test
  void continuesCallersTraceAndForwardsNewParent() throws Exception {
    int port = startSimple();
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    get(port, "/api/x", "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
    String forwarded = a.next().header("traceparent");
    assertThat(forwarded).startsWith("00-" + traceId + "-").doesNotContain("00f067aa0ba902b7");
    get(port, "/api/y");
    assertThat(a.next().header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
  }

  @Test
  void countsRequestsByRouteAndStatusInPrometheus() throws Exception {
    int port = startSimple();
    get(port, "/api/x");
    get(port, "/none");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!meters.scrape().contains("status=\"404\"") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    String scrape = meters.scrape();
    assertThat(scrape)
        .containsPattern("bulwark_gateway_requests_total\\{.*route=\"api\".*status=\"200\".*} 1")
        .containsPattern("bulwark_gateway_requests_total\\{.*route=\"none\".*status=\"404\".*} 1")
        .contains("bulwark_gateway_upstream_latency_seconds_bucket");
  }

  @Test
  void fallsBackToNioTransport() throws Exception {
    a = TestBackend.start("a");
    GatewayConfig config =
        new GatewayConfig(
            List.of(ListenerConfig.plain("public", "127.0.0.1", 0)),
            List.of(RouteConfig.of("all", PathMatch.prefix("/"), "shop")),
            List.of(ClusterConfig.of("shop", new EndpointAddress("127.0.0.1", a.port()))),
            Timeouts.DEFAULTS,
            Limits.DEFAULTS,
            List.of());
    gateway = GatewayServer.builder(config).auditLog(audit).forceNio(true).workerThreads(1).build();
    gateway.start();
    assertThat(get(gateway.port("public"), "/x").statusCode()).isEqualTo(200);
  }

  @Test
  void usesCoreTelemetryForMetricsAndRecordedSpans() throws Exception {
    a = TestBackend.start("a");
    GatewayConfig config =
        new GatewayConfig(
            List.of(ListenerConfig.plain("public", "127.0.0.1", 0)),
            List.of(RouteConfig.of("all", PathMatch.prefix("/"), "shop")),
            List.of(ClusterConfig.of("shop", new EndpointAddress("127.0.0.1", a.port()))),
            Timeouts.DEFAULTS,
            Limits.DEFAULTS,
            List.of());
    try (io.bulwark.core.telemetry.Telemetry telemetry =
        io.bulwark.core.telemetry.Telemetry.create("gw-test", java.util.Optional.empty(), 1.0)) {
      gateway =
          GatewayServer.builder(config)
              .auditLog(audit)
              .telemetry(telemetry)
              .workerThreads(1)
              .build();
      gateway.start();
      String traceId = "0af7651916cd43dd8448eb211c80319c";
      get(gateway.port("public"), "/t", "traceparent", "00-" + traceId + "-b7ad6b7169203331-01");
      assertThat(a.next().header("traceparent"))
          .startsWith("00-" + traceId + "-")
          .doesNotContain("b7ad6b7169203331");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!telemetry.scrape().contains("bulwark_gateway_requests_total")
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(telemetry.scrape())
          .contains("bulwark_gateway_requests_total")
          .contains("service=\"gw-test\"");
      gateway.close();
      gateway = null;
    }
  }
}
