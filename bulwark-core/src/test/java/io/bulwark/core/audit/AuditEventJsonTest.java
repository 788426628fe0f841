package io.bulwark.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditEventJsonTest {

  private static final String ID = "01ARYZ6S41TSV4RRFFQ69G5FAV";

  private static AuditEvent full() {
    return new AuditEvent(
        ID,
        Instant.parse("2026-02-03T04:05:06.789Z"),
        "gateway.denied",
        new Actor("alice", "web", "203.0.113.7", "spiffe://bulwark.local/ns/shop/sa/orders"),
        "route:/orders",
        "POST",
        Outcome.DENIED,
        "no policy allows \"orders:create\"\nfor role guest",
        Map.of("zone", "ünïcode ✓", "route", "orders"),
        "4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void writesFieldsInAStableOrderOnOneLine() {
    assertThat(AuditEventJson.toJson(full()))
        .isEqualTo(
            "{\"id\":\"01ARYZ6S41TSV4RRFFQ69G5FAV\",\"time\":\"2026-02-03T04:05:06.789Z\","
                + "\"type\":\"gateway.denied\",\"actor\":{\"principal\":\"alice\",\"clientId\":\"web\","
                + "\"sourceIp\":\"203.0.113.7\",\"spiffeId\":\"spiffe://bulwark.local/ns/shop/sa/orders\"},"
                + "\"target\":\"route:/orders\",\"action\":\"POST\",\"outcome\":\"denied\","
                + "\"reason\":\"no policy allows \\\"orders:create\\\"\\nfor role guest\","
                + "\"details\":{\"route\":\"orders\",\"zone\":\"ünïcode ✓\"},"
                + "\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}");
  }

  @Test
  void omitsNullAndEmptyParts() {
    AuditEvent minimal =
        new AuditEvent(
            ID,
            Instant.parse("2026-02-03T04:05:06Z"),
            "token.issued",
            Actor.principal("bob"),
            "client:cli",
            "issue",
            Outcome.SUCCESS,
            null,
            Map.of(),
            null);
    assertThat(AuditEventJson.toJson(minimal))
        .isEqualTo(
            "{\"id\":\"01ARYZ6S41TSV4RRFFQ69G5FAV\",\"time\":\"2026-02-03T04:05:06Z\","
                + "\"type\":\"token.issued\",\"actor\":{\"principal\":\"bob\"},"
                + "\"target\":\"client:cli\",\"action\":\"issue\",\"outcome\":\"success\"}");
    AuditEvent noActor =
        new AuditEvent(
            ID,
            Instant.parse("2026-02-03T04:05:06Z"),
            "token.issued",
            Actor.NONE,
            "t",
            "a",
            Outcome.ERROR,
            null,
            null,
            null);
    assertThat(AuditEventJson.toJson(noActor)).doesNotContain("actor", "details", "reason");
  }

  @Test
  void roundTripsEveryField() {
    AuditEvent event = full();
    byte[] line = AuditEventJson.toJsonLine(event);
    assertThat(line[line.length - 1]).isEqualTo((byte) '\n');
    assertThat(AuditEventJson.parse(AuditEventJson.toJson(event))).isEqualTo(event);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "\"x\"",
        "{",
        "{\"id\":\"01ARYZ6S41TSV4RRFFQ69G5FAV\",\"time\":\"2026-02-03T04:05:06Z\",\"type\":\"token.issued\",\"target\":\"t\",\"action\":\"a\",\"outcome\":\"success\",\"extra\":\"x\"}",
        "{\"id\":\"01ARYZ6S41TSV4RRFFQ69G5FAV\",\"id\":\"01ARYZ6S41TSV4RRFFQ69G5FAV\",\"time\":\"2026-02-03T04:05:06Z\",\"type\":\"token.issued\",\"target\":\"t\",\"action\":\"a\",\"outcome\":\"success\"}",
        "{\"id\":\"01ARYZ6S41TSV4RRFFQ69G5FAV\",\"time\":\"2026-02-03T04:05:06Z\",\"type\":\"token.issued\",\"target\":\"t\",\"action\":\"a\",\"outcome\":\"maybe\"}",
        "{\"id\":\"01ARYZ6S41TSV4RRFFQ69G5FAV\",\"time\":\"yesterday\",\"type\":\"token.issued\",\"target\":\"t\",\"action\":\"a\",\"outcome\":\"success\"}",
        "{\"id\":\"not-a-ulid\",\"time\":\"2026-02-03T04:05:06Z\",\"type\":\"token.issued\",\"target\":\"t\",\"action\":\"a\",\"outcome\":\"success\"}",
        "{\"id\":\"01ARYZ6S41TSV4RRFFQ69G5FAV\",\"time\":\"2026-02-03T04:05:06Z\",\"type\":\"token.issued\",\"target\":\"t\",\"outcome\":\"success\"}",
        "{\"id\":\"01ARYZ6S41TSV4RRFFQ69G5FAV\",\"time\":\"2026-02-03T04:05:06Z\",\"type\":\"token.issued\",\"target\":\"t\",\"action\":\"a\",\"outcome\":\"success\",\"reason\":null}",
        "{\"id\":\"01ARYZ6S41TSV4RRFFQ69G5FAV\",\"time\":\"2026-02-03T04:05:06Z\",\"type\":\"token.issued\",\"target\":\"t\",\"action\":\"a\",\"outcome\":\"success\",\"details\":{\"n\":1}}",
        "{\"id\":\"01ARYZ6S41TSV4RRFFQ69G5FAV\",\"time\":\"2026-02-03T04:05:06Z\",\"type\":\"token.issued\",\"target\":\"t\",\"action\":\"a\",\"outcome\":\"success\",\"actor\":{\"name\":\"x\"}}",
        "{\"id\":\"01ARYZ6S41TSV4RRFFQ69G5FAV\",\"time\":\"2026-02-03T04:05:06Z\",\"type\":\"token.issued\",\"target\":\"t\",\"action\":\"a\",\"outcome\":\"success\"} {}",
        "{\"id\":\"01ARYZ6S41TSV4RRFFQ69G5FAV\",\"time\":\"2026-02-03T04:05:06Z\",\"type\":\"token.issued\",\"target\":\"t\",\"action\":\"a\",\"outcome\":\"success\",\"details\":{\"password\":\"hunter2\"}}"
      })
  void rejectsAnythingButAValidEvent(String json) {
    assertThatThrownBy(() -> AuditEventJson.parse(json))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
