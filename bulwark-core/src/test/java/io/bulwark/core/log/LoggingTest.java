package io.bulwark.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.core.config.LogFormat;
import io.bulwark.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LoggingTest {
  private static final Logger LOG = LoggerFactory.getLogger("io.bulwark.test");
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @AfterEach
  void restore() {
    MDC.clear();
    Logging.configure(LogFormat.TEXT, "INFO");
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void logSecrets() {
    LOG.info("login with Authorization: Bearer {}", RedactorTest.JWT);
    LOG.warn("token request client_secret=abc123&password=hunter2");
    LOG.error("failed", new IllegalStateException("Basic dXNlcjpwYXNz rejected"));
  }

  @Test
  void jsonFormatWritesOneObjectPerLineWithTraceIds() throws Exception {
    Logging.configure(LogFormat.JSON, "INFO", out);
    MDC.put("trace_id", TRACE);
    MDC.put("span_id", "00f067aa0ba902b7");
    LOG.info("first");
    LOG.error("second", new IllegalArgumentException("bad"));

    List<String> lines = output().lines().toList();
    assertThat(lines).hasSize(2);
    JsonNode first = Json.mapper().readTree(lines.get(0));
    assertThat(first.get("@timestamp").asText()).isNotBlank();
    assertThat(first.get("level").asText()).isEqualTo("INFO");
    assertThat(first.get("logger").asText()).isEqualTo("io.bulwark.test");
    assertThat(first.get("thread").asText()).isNotBlank();
    assertThat(first.get("message").asText()).isEqualTo("first");
    assertThat(first.get("trace_id").asText()).isEqualTo(TRACE);
    assertThat(first.get("span_id").asText()).isEqualTo("00f067aa0ba902b7");
    JsonNode second = Json.mapper().readTree(lines.get(1));
    assertThat(second.get("stack_trace").asText()).contains("IllegalArgumentException: bad");
  }

  @Test
  void jsonFormatRedactsSecrets() {
    Logging.configure(LogFormat.JSON, "INFO", out);
    logSecrets();

    assertThat(output())
        .doesNotContain("eyJhbGci")
        .doesNotContain("abc123")
        .doesNotContain("hunter2")
        .doesNotContain("dXNlcjpwYXNz")
        .contains("Bearer ***")
        .contains("client_secret=***");
  }

  @Test
  void textFormatIsConciseAndCarriesTraceId() {
    Logging.configure(LogFormat.TEXT, "INFO", out);
    LOG.info("plain");
    MDC.put("trace_id", TRACE);
    LOG.info("traced");
    LOG.debug("hidden");

    List<String> lines = output().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .matches("\\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO  io\\.bulwark\\.test - plain");
    assertThat(lines.get(1)).endsWith("io.bulwark.test trace=" + TRACE + " - traced");
  }

  @Test
  void textFormatRedactsSecretsInMessagesAndStackTraces() {
    Logging.configure(LogFormat.TEXT, "INFO", out);
    logSecrets();

    assertThat(output())
        .doesNotContain("eyJhbGci")
        .doesNotContain("abc123")
        .doesNotContain("hunter2")
        .doesNotContain("dXNlcjpwYXNz")
        .contains("Bearer ***")
        .contains("IllegalStateException: Basic *** rejected");
  }
}
