package io.bulwark.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import io.bulwark.core.problem.Problem;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  record Point(int x, int y) {}

  record Stamp(Instant at) {}

  @Test
  void rejectsUnknownProperties() {
    assertThatThrownBy(() -> Json.mapper().readValue("{\"x\":1,\"y\":2,\"z\":3}", Point.class))
        .isInstanceOf(JacksonException.class);
  }

  @Test
  void rejectsDuplicateKeys() {
    assertThatThrownBy(() -> Json.mapper().readValue("{\"x\":1,\"x\":2,\"y\":3}", Point.class))
        .isInstanceOf(JacksonException.class)
        .hasMessageContaining("Duplicate");
  }

  @Test
  void rejectsTrailingTokens() {
    assertThatThrownBy(() -> Json.mapper().readValue("{\"x\":1,\"y\":2} {}", Point.class))
        .isInstanceOf(JacksonException.class);
  }

  @Test
  void rejectsNestingDeeperThan64() throws Exception {
    String deep = "[".repeat(65) + "]".repeat(65);
    assertThatThrownBy(() -> Json.mapper().readTree(deep)).isInstanceOf(JacksonException.class);
    String ok = "[".repeat(64) + "]".repeat(64);
    assertThat(Json.mapper().readTree(ok)).isNotNull();
  }

  @Test
  void rejectsStringsLongerThanOneMebibyte() {
    String big = "\"" + "a".repeat(Json.MAX_STRING_LENGTH + 1) + "\"";
    assertThatThrownBy(() -> Json.mapper().readValue(big, String.class))
        .isInstanceOf(JacksonException.class);
  }

  @Test
  void writesInstantsAsIsoStrings() throws Exception {
    String json =
        Json.mapper().writeValueAsString(new Stamp(Instant.parse("2026-01-02T03:04:05Z")));

    assertThat(json).isEqualTo("{\"at\":\"2026-01-02T03:04:05Z\"}");
    assertThat(Json.mapper().readValue(json, Stamp.class).at())
        .isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
  }

  @Test
  void writesProblemInRfc9457FormWithFlatExtensionsAndNoNulls() throws Exception {
    Problem problem =
        Problem.of(403, "forbidden", "Forbidden", null).with("errors", Map.of("a", "b"));

    String json = Json.mapper().writeValueAsString(problem);

    assertThat(json)
        .isEqualTo(
            "{\"type\":\"https://bulwark.io/problems/forbidden\",\"title\":\"Forbidden\","
                + "\"status\":403,\"errors\":{\"a\":\"b\"}}");
    assertThat(Json.mapper().readValue(json, Problem.class)).isEqualTo(problem);
  }
}
