package io.bulwark.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;

class JcsTest {

  private static String canonical(String json) throws Exception {
    return new String(Jcs.canonicalize(Json.mapper().readTree(json)), StandardCharsets.UTF_8);
  }

  @Test
  void sortsMembersByUtf16CodeUnitsAsInRfc8785Section323() throws Exception {
    String input =
        """
        {
          "\\u20ac": "Euro Sign",
          "\\r": "Carriage Return",
          "\\ufb33": "Hebrew Letter Dalet With Dagesh",
          "1": "One",
          "\\ud83d\\ude00": "Emoji: Grinning Face",
          "\\u0080": "Control",
          "\\u00f6": "Latin Small Letter O With Diaeresis"
        }
        """;

    assertThat(canonical(input))
        .isEqualTo(
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\","
                + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
  }

  @Test
  void escapesStringsAsInRfc8785Section3222() throws Exception {
    String input = "{\"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\"}";

    assertThat(canonical(input))
        .isEqualTo("{\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  @Test
  void writesLiteralsAndNestedStructuresWithoutWhitespace() throws Exception {
    assertThat(canonical("{ \"literals\" : [null, true, false], \"b\": {\"z\": 1, \"a\": [ ]}}"))
        .isEqualTo("{\"b\":{\"a\":[],\"z\":1},\"literals\":[null,true,false]}");
  }

  @Test
  void rejectsFloatingPointNumbersOfRfc8785Section324() {
    assertThatThrownBy(() -> canonical("{\"numbers\": [333333333.33333329, 1E30, 4.50]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("floating-point");
  }

  @Test
  void acceptsSafeIntegersAndRejectsLargerOnes() throws Exception {
    assertThat(canonical("[-9007199254740991, 0, 9007199254740991]"))
        .isEqualTo("[-9007199254740991,0,9007199254740991]");
    assertThatThrownBy(() -> canonical("[9007199254740992]"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsUnpairedSurrogates() {
    ObjectNode node = Json.mapper().createObjectNode().put("a", "x\ud800y");

    assertThatThrownBy(() -> Jcs.canonicalize(node)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void agreesWithTheReferenceImplementationOnRandomRecords() throws Exception {
    Random random = new Random(8785);
    for (int round = 0; round < 500; round++) {
      ObjectNode node = Json.mapper().createObjectNode();
      for (int i = 0; i < 6; i++) {
        node.put(randomText(random), randomText(random));
      }
      node.put("n" + round, random.nextLong(-Jcs.MAX_SAFE_INTEGER, Jcs.MAX_SAFE_INTEGER));
      node.putArray("list").add(randomText(random)).add(random.nextInt()).addNull().add(true);
      String json = Json.mapper().writeValueAsString(node);

      JsonNode reparsed = Json.mapper().readTree(json);
      assertThat(new String(Jcs.canonicalize(reparsed), StandardCharsets.UTF_8))
          .as(json)
          .isEqualTo(new JsonCanonicalizer(json).getEncodedString());
    }
  }

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(8);
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(5)) {
        case 0 -> text.append((char) random.nextInt(0x20));
        case 1 -> text.append("\"\\/".charAt(random.nextInt(3)));
        case 2 -> text.append((char) (0x20 + random.nextInt(0x5f)));
        case 3 -> text.append((char) (0xa0 + random.nextInt(0xd000)));
        default -> text.appendCodePoint(0x1f600 + random.nextInt(50));
      }
    }
    return text.toString();
  }
}
