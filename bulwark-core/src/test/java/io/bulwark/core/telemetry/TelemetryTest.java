package io.bulwark.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.Span;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TelemetryTest {
  @Test
  void scrapeContainsJvmMetricsTaggedWithService() {
    try (Telemetry telemetry = Telemetry.create("catalog", Optional.empty(), 1.0)) {
      String scrape = telemetry.scrape();

      assertThat(scrape).contains("jvm_memory_used_bytes{");
      assertThat(scrape).contains("jvm_threads_live_threads{");
      assertThat(scrape).contains("process_uptime_seconds{");
      assertThat(scrape).contains("service=\"catalog\"");
    }
  }

  @Test
  void generatesTraceIdsWithoutAnExporter() {
    try (Telemetry telemetry = Telemetry.create("catalog", Optional.empty(), 0.0)) {
      Span span = telemetry.tracer("test").spanBuilder("op").startSpan();

      assertThat(span.getSpanContext().isValid()).isTrue();
      assertThat(span.getSpanContext().isSampled()).isFalse();
      span.end();
    }
  }

  @Test
  void exportsSpansOverOtlpHttpWhenEndpointConfigured() throws Exception {
    var received = new LinkedBlockingQueue<String>();
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(exchange.getRequestURI().getPath() + " " + body.length);
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    try {
      URI endpoint = URI.create("http://127.0.0.1:" + collector.getAddress().getPort());
      Telemetry telemetry = Telemetry.create("catalog", Optional.of(endpoint), 1.0);
      telemetry.tracer("test").spanBuilder("op").startSpan().end();
      telemetry.close();

      String request = received.poll(10, TimeUnit.SECONDS);
      assertThat(request).startsWith("/v1/traces ");
      assertThat(Integer.parseInt(request.substring(request.indexOf(' ') + 1))).isPositive();
    } finally {
      collector.stop(0);
    }
  }

  @Test
  void rejectsSampleRatioOutsideZeroToOne() {
    assertThatThrownBy(() -> Telemetry.create("x", Optional.empty(), 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void appendsTracesPathToBaseEndpointOnly() {
    assertThat(Telemetry.tracesUrl(URI.create("http://c:4318")))
        .isEqualTo("http://c:4318/v1/traces");
    assertThat(Telemetry.tracesUrl(URI.create("http://c:4318/v1/traces")))
        .isEqualTo("http://c:4318/v1/traces");
  }
}
