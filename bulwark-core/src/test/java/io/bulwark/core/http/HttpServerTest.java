package io.bulwark.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.core.json.Json;
import io.bulwark.core.problem.Problem;
import io.bulwark.core.problem.ProblemException;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.core.telemetry.TracingHttpClient;
import io.opentelemetry.api.trace.Span;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpServerTest {
  private static final Pattern TRACEPARENT =
      Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  record Order(String item, int quantity) {}

  private static Telemetry telemetry;
  private static HttpServer downstream;
  private static HttpServer server;
  private static final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    telemetry = Telemetry.create("test", Optional.empty(), 1.0);
    downstream =
        HttpServer.builder("downstream", telemetry)
            .routes(r ->
                r.get(
                    "/echo-trace", ctx -> ctx.result(Span.current().getSpanContext().getTraceId())))
            .build()
            .start();
    TracingHttpClient tracing = new TracingHttpClient(HttpClient.newHttpClient(), telemetry);
    server =
        HttpServer.builder("catalog", telemetry)
            .maxRequestBodyBytes(1024)
            .routes(r -> {
              r.get("/products/{id}", ctx -> ctx.json(Map.of("id", ctx.pathParam("id"))));
              r.get(
                  "/call-downstream",
                  ctx ->
                      ctx.result(
                          tracing
                              .send(
                                  HttpRequest.newBuilder(
                                          downstream.baseUri().resolve("/echo-trace"))
                                      .build(),
                                  HttpResponse.BodyHandlers.ofString())
                              .body()));
              r.get(
                  "/missing",
                  ctx -> {
                    throw new ProblemException(
                        Problem.of(404, "product-not-found", "Product not found", "No product 7")
                            .with("product", "7"));
                  });
              r.get(
                  "/boom",
                  ctx -> {
                    throw new IllegalStateException("db password=hunter2 leaked");
                  });
              r.post("/orders", ctx -> ctx.status(201).json(ctx.bodyAsClass(Order.class)));
              r.get(
                  "/async",
                  ctx ->
                      ctx.future(() ->
                          CompletableFuture.supplyAsync(() -> "later").thenAccept(ctx::result)));
            })
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
    downstream.close();
    telemetry.close();
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUri().resolve(path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String contentType, String body)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String traceIdOf(HttpResponse<?> response) {
    var m = TRACEPARENT.matcher(response.headers().firstValue("traceparent").orElseThrow());
    assertThat(m.matches()).isTrue();
    return m.group(1);
  }

  @Test
  void continuesIncomingTraceWithNewSpanId() throws Exception {
    var response = get("/products/1", "traceparent", PARENT);

    assertThat(response.statusCode()).isEqualTo(200);
    String echoed = response.headers().firstValue("traceparent").orElseThrow();
    assertThat(traceIdOf(response)).isEqualTo(TRACE_ID);
    assertThat(echoed).doesNotContain("00f067aa0ba902b7");
  }

  @Test
  void propagatesTraceToDownstreamCallThroughTracingClient() throws Exception {
    var response = get("/call-downstream", "traceparent", PARENT);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(TRACE_ID);
  }

  @Test
  void startsNewTraceWhenHeaderMissingAndPropagatesIt() throws Exception {
    var response = get("/call-downstream");

    String traceId = traceIdOf(response);
    assertThat(traceId).isNotEqualTo("0".repeat(32));
    assertThat(response.body()).isEqualTo(traceId);
  }

  @Test
  void ignoresInvalidTraceparentAndStartsNewTrace() throws Exception {
    var response = get("/products/1", "traceparent", "00-" + "0".repeat(32) + "-zz-01");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(traceIdOf(response)).isNotEqualTo("0".repeat(32)).isNotEqualTo(TRACE_ID);
  }

  @Test
  void setsSecurityHeadersAndNoServerBanner() throws Exception {
    for (String path : new String[] {"/products/1", "/nope", "/boom"}) {
      var response = get(path);
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(response.headers().firstValue("Server")).isEmpty();
    }
  }

  @Test
  void answersProblemExceptionWithItsProblem() throws Exception {
    var response = get("/missing");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
    assertThat(Json.mapper().readTree(response.body()))
        .isEqualTo(
            Json.mapper()
                .readTree(
                    """
                    {"type":"https://bulwark.io/problems/product-not-found",
                     "title":"Product not found","status":404,"detail":"No product 7",
                     "instance":"/missing","product":"7"}
                    """));
  }

  @Test
  void answersUnknownRouteWith404Problem() throws Exception {
    var response = get("/no/such/route");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
    Problem problem = Json.mapper().readValue(response.body(), Problem.class);
    assertThat(problem.status()).isEqualTo(404);
    assertThat(problem.instance()).isEqualTo(URI.create("/no/such/route"));
  }

  @Test
  void answersWrongMethodWith405AndAllow() throws Exception {
    var response = post("/products/1", "application/json", "{}");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
    assertThat(response.headers().firstValue("Allow"))
        .hasValueSatisfying(v -> assertThat(v).contains("GET"));
  }

  @Test
  void hidesExceptionMessageBehindErrorIdOn500() throws Exception {
    var response = get("/boom");

    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body()).doesNotContain("hunter2").doesNotContain("IllegalState");
    JsonNode body = Json.mapper().readTree(response.body());
    assertThat(body.get("error_id").asText()).isNotBlank();
    assertThat(body.get("detail").asText()).contains(body.get("error_id").asText());
  }

  @Test
  void parsesJsonBodyWithSharedMapper() throws Exception {
    var response = post("/orders", "application/json", "{\"item\":\"bread\",\"quantity\":2}");

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(Json.mapper().readValue(response.body(), Order.class))
        .isEqualTo(new Order("bread", 2));
  }

  @Test
  void rejectsMalformedJsonWith400() throws Exception {
    var response = post("/orders", "application/json", "{\"item\":");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
    assertThat(Json.mapper().readValue(response.body(), Problem.class).type().toString())
        .endsWith("/malformed-json");
  }

  @Test
  void rejectsUnknownJsonPropertyWith400() throws Exception {
    var response =
        post("/orders", "application/json", "{\"item\":\"x\",\"quantity\":1,\"admin\":true}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("admin");
  }

  @Test
  void rejectsNonJsonContentTypeWith415() throws Exception {
    var response = post("/orders", "text/plain", "{\"item\":\"x\",\"quantity\":1}");

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
  }

  @Test
  void rejectsOversizedBodyWith413() throws Exception {
    var response = post("/orders", "application/json", "{\"item\":\"" + "x".repeat(4096) + "\"}");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(Problem.MEDIA_TYPE);
  }

  @Test
  void aClientStillSendingAnOversizedBodyGetsThe413NotAReset() throws Exception {
    // Closing with unread request bytes makes the kernel reset the connection, which can drop the
    // answer; the server reads and discards a moderately oversized body first.
    String big = "{\"item\":\"" + "x".repeat(200_000) + "\"}";
    for (int i = 0; i < 40; i++) {
      assertThat(post("/orders", "application/json", big).statusCode())
          .as("attempt " + i)
          .isEqualTo(413);
    }
  }

  @Test
  void answersOversizedHeadersWith431Problem() throws Exception {
    String raw =
        rawExchange(
            "GET /products/1 HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                + "a".repeat(HttpServer.DEFAULT_MAX_HEADER_BYTES + 1)
                + "\r\n\r\n");

    assertThat(raw).startsWith("HTTP/1.1 431 ");
    assertThat(raw).containsIgnoringCase("Content-Type: " + Problem.MEDIA_TYPE);
    assertThat(problemOf(raw).path("status").asInt()).isEqualTo(431);
  }

  @Test
  void answersMalformedRequestLineWith400ProblemWithoutEchoingIt() throws Exception {
    String raw = rawExchange("GET /products/<script> HTTP/1.1 extra\r\nHost: localhost\r\n\r\n");

    assertThat(raw).startsWith("HTTP/1.1 400 ");
    assertThat(raw).containsIgnoringCase("Content-Type: " + Problem.MEDIA_TYPE);
    assertThat(raw).doesNotContain("<script>").doesNotContain("<html");
    assertThat(problemOf(raw).path("status").asInt()).isEqualTo(400);
  }

  private static String rawExchange(String request) throws Exception {
    try (Socket socket = new Socket(server.baseUri().getHost(), server.baseUri().getPort())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static JsonNode problemOf(String rawResponse) throws Exception {
    return Json.mapper().readTree(rawResponse.substring(rawResponse.indexOf("\r\n\r\n") + 4));
  }

  @Test
  void completesAsyncHandlersWithTrace() throws Exception {
    var response = get("/async", "traceparent", PARENT);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("later");
    assertThat(traceIdOf(response)).isEqualTo(TRACE_ID);
  }

  @Test
  void recordsRequestsByRouteTemplateInPrometheusScrape() throws Exception {
    get("/products/41");
    get("/products/42");
    get("/no/such/thing");

    String scrape = telemetry.scrape();
    assertThat(countOf(scrape, "catalog", "/products/{id}", "200")).isGreaterThanOrEqualTo(2.0);
    assertThat(countOf(scrape, "catalog", "NOT_FOUND", "404")).isGreaterThanOrEqualTo(1.0);
    assertThat(scrape).doesNotContain("route=\"/products/41\"");
  }

  @Test
  void writesOneAccessLogLinePerRequestWithoutQueryOrHeaders() throws Exception {
    var logger =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(RequestObserver.ACCESS_LOGGER);
    var appender =
        new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    appender.start();
    logger.addAppender(appender);
    try {
      get("/products/9?access_token=s3cr3t", "traceparent", PARENT, "Authorization", "Bearer xyz");
    } finally {
      logger.detachAppender(appender);
    }

    assertThat(appender.list).hasSize(1);
    String line = appender.list.get(0).getFormattedMessage();
    assertThat(line).startsWith("catalog GET /products/{id} 200 ").endsWith("ms trace=" + TRACE_ID);
    assertThat(line).doesNotContain("s3cr3t").doesNotContain("xyz");
  }

  static double countOf(String scrape, String serverName, String route, String status) {
    return scrape
        .lines()
        .filter(l -> l.startsWith("http_server_requests_seconds_count{"))
        .filter(l -> l.contains("server=\"" + serverName + "\""))
        .filter(l -> l.contains("route=\"" + route + "\""))
        .filter(l -> l.contains("status=\"" + status + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }
}
