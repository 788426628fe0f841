package io.bulwark.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Validates a configuration tree against {@link ConfigSchema} and turns the validator's findings
 * into short messages that name the key and never echo the value.
 */
final class SchemaCheck {

  /**
   * One schema finding.
   *
   * @param path dotted path of the offending node (for an unknown key: the key itself)
   * @param atKey whether the problem is the key rather than its value
   * @param message what is wrong
   */
  record Violation(String path, boolean atKey, String message) {}

  private final ConfigSchema schema;

  SchemaCheck(ConfigSchema schema) {
    this.schema = schema;
  }

  List<Violation> check(JsonNode tree) {
    List<Violation> found = new ArrayList<>();
    Set<String> typeErrors = new HashSet<>();
    List<ValidationMessage> messages = new ArrayList<>(schema.validator().validate(tree));
    messages.sort(Comparator.comparing(m -> "type".equals(m.getType()) ? 0 : 1));
    for (ValidationMessage message : messages) {
      String path = dotted(message.getInstanceLocation());
      if ("additionalProperties".equals(message.getType())) {
        String key = message.getProperty();
        String keyPath = path.isEmpty() ? key : path + "." + key;
        found.add(new Violation(keyPath, true, unknownKey(path, key)));
      } else if ("type".equals(message.getType())) {
        if (typeErrors.add(path)) {
          found.add(new Violation(path, false, wrongType(message)));
        }
      } else if (!typeErrors.contains(path)) {
        found.add(new Violation(path, false, describe(path, message)));
      }
    }
    return found;
  }

  private String unknownKey(String sectionPath, String key) {
    List<String> allowed = schema.keysOf(sectionPath);
    StringBuilder out = new StringBuilder("unknown key");
    Suggestions.closest(key, allowed)
        .ifPresent(best -> out.append(" (did you mean '").append(best).append("'?)"));
    out.append("; allowed ").append(sectionPath.isEmpty() ? "at the top level" : "here");
    return out.append(": ").append(String.join(", ", allowed)).toString();
  }

  private static String wrongType(ValidationMessage message) {
    List<String> expected = new ArrayList<>();
    JsonNode type = message.getSchemaNode();
    if (type.isArray()) {
      type.forEach(t -> expected.add(article(t.asText())));
    } else {
      expected.add(article(type.asText()));
    }
    JsonNode actual = message.getInstanceNode();
    String was = actual == null ? "" : ", not " + article(jsonType(actual));
    return "must be " + String.join(" or ", expected) + was;
  }

  private String describe(String path, ValidationMessage message) {
    Optional<ConfigProperty> property = schema.property(path);
    return switch (message.getType()) {
      case "enum" -> {
        List<String> allowed = new ArrayList<>();
        message.getSchemaNode().forEach(v -> allowed.add(v.asText()));
        yield "must be one of: " + String.join(", ", allowed);
      }
      case "minimum", "maximum" -> range(property, message);
      case "minLength" -> "must not be empty";
      case "pattern" ->
          "has the wrong form"
              + property
                  .filter(p -> !p.examples().isEmpty())
                  .map(p -> " (for example " + String.join(" or ", p.examples()) + ")")
                  .orElse("");
      default -> message.getError();
    };
  }

  private static String range(Optional<ConfigProperty> property, ValidationMessage message) {
    Optional<BigDecimal> min = property.flatMap(ConfigProperty::minimum);
    Optional<BigDecimal> max = property.flatMap(ConfigProperty::maximum);
    if (min.isPresent() && max.isPresent()) {
      return "must be between " + plain(min.get()) + " and " + plain(max.get());
    }
    String bound = message.getSchemaNode().asText();
    return "minimum".equals(message.getType())
        ? "must be at least " + bound
        : "must be at most " + bound;
  }

  private static String plain(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  static String dotted(JsonNodePath location) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < location.getNameCount(); i++) {
      Object element = location.getElement(i);
      if (element instanceof Integer index) {
        out.append('[').append(index).append(']');
      } else {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(element);
      }
    }
    return out.toString();
  }

  private static String jsonType(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT, POJO -> "object";
      case ARRAY -> "array";
      case BOOLEAN -> "boolean";
      case NULL, MISSING -> "null";
      case NUMBER -> node.isIntegralNumber() ? "integer" : "number";
      default -> "string";
    };
  }

  private static String article(String type) {
    return switch (type.toLowerCase(Locale.ROOT)) {
      case "object" -> "a mapping";
      case "array" -> "a list";
      case "boolean" -> "true or false";
      case "null" -> "null";
      case "integer" -> "an integer";
      case "number" -> "a number";
      default -> "a " + type;
    };
  }
}
