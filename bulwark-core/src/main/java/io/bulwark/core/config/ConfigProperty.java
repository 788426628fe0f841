package io.bulwark.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One settable key of {@code bulwark.yaml} (a leaf of the schema), with what is needed to set it
 * from a string: its environment variable name, JSON types and limits.
 *
 * @param path dotted key path, e.g. {@code admin.port}
 * @param envName environment variable that overrides it, e.g. {@code BULWARK_ADMIN_PORT}
 * @param types JSON Schema types, e.g. {@code [integer]} or {@code [string, null]}
 * @param allowedValues the enum values, empty when any value of the type is allowed
 * @param minimum inclusive lower bound of a number
 * @param maximum inclusive upper bound of a number
 * @param defaultValue the schema's documented default (JSON null when the default is "unset")
 * @param description what the key does
 * @param examples sample values, shown in messages about a value of the wrong form
 */
public record ConfigProperty(
    String path,
    String envName,
    List<String> types,
    List<String> allowedValues,
    Optional<BigDecimal> minimum,
    Optional<BigDecimal> maximum,
    JsonNode defaultValue,
    String description,
    List<String> examples) {

  /** Copies the lists. */
  public ConfigProperty {
    types = List.copyOf(types);
    allowedValues = List.copyOf(allowedValues);
    examples = List.copyOf(examples);
    defaultValue = defaultValue.deepCopy();
  }

  /**
   * The first non-null type: {@code string}, {@code integer}, {@code number}, {@code boolean} or
   * {@code array} (set from the environment as a JSON list).
   */
  public String valueType() {
    return types.stream().filter(t -> !t.equals("null")).findFirst().orElse("null");
  }

  /** Whether the key may be {@code null} (unset). */
  public boolean nullable() {
    return types.contains("null");
  }

  /**
   * Converts the text of an environment variable or command-line override into a JSON value of this
   * key's type; an empty text is null for a nullable key. Range and enum rules are checked later,
   * against the schema.
   *
   * @throws IllegalArgumentException with a message that does not echo the text
   */
  JsonNode parse(String text) {
    if (text.isEmpty() && nullable()) {
      return NullNode.getInstance();
    }
    String trimmed = text.strip();
    return switch (valueType()) {
      case "integer" -> {
        try {
          yield LongNode.valueOf(Long.parseLong(trimmed));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("must be an integer");
        }
      }
      case "number" -> {
        try {
          yield DoubleNode.valueOf(new BigDecimal(trimmed).doubleValue());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("must be a number");
        }
      }
      case "boolean" ->
          switch (trimmed.toLowerCase(Locale.ROOT)) {
            case "true" -> BooleanNode.TRUE;
            case "false" -> BooleanNode.FALSE;
            default -> throw new IllegalArgumentException("must be true or false");
          };
      case "array" -> {
        try {
          JsonNode list = io.bulwark.core.json.Json.mapper().readTree(trimmed);
          if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("must be a JSON list");
          }
          yield list;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalArgumentException("must be a JSON list");
        }
      }
      default -> TextNode.valueOf(text);
    };
  }
}
