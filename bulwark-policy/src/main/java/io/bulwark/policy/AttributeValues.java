package io.bulwark.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.core.config.ConfigError;
import io.bulwark.core.config.YamlTree;
import io.bulwark.core.config.YamlTreeReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts attribute values (token claims, resource fields, YAML or JSON values) to the Java types
 * CEL evaluates natively: {@code String}, {@code Boolean}, {@code Long}, {@code Double}, {@code
 * Instant}, {@code Duration}, {@code List} and {@code Map} with string keys. Conversion happens
 * once when a {@link Principal} or {@link Resource} is built, never during a decision.
 */
public final class AttributeValues {
  /** Deepest nesting accepted, which bounds recursion on hostile input. */
  public static final int MAX_DEPTH = 16;

  private AttributeValues() {}

  /**
   * Returns an immutable copy of {@code attributes} with every value converted; {@code null} values
   * are dropped (CEL's {@code has()} then reports them absent).
   *
   * @throws IllegalArgumentException for a value of another type or nested too deep; the message
   *     names the attribute, never its value
   */
  public static Map<String, Object> normalize(Map<String, ?> attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return Map.of();
    }
    return map(attributes, "", 0);
  }

  /** Converts a JSON or YAML tree node; objects become maps, arrays lists. */
  public static Object fromJson(JsonNode node) {
    return convert(jsonToJava(node, 0), "", 0);
  }

  /**
   * Parses one value written in YAML flow syntax, as on a command line: {@code 42}, {@code true},
   * {@code [pwd, otp]}, {@code {a: 1}}; anything else is a string.
   */
  public static Object parse(String text) {
    if (text.isBlank()) {
      return text;
    }
    List<ConfigError> errors = new ArrayList<>();
    return YamlTreeReader.read("value", text, errors)
        .filter(tree -> errors.isEmpty())
        .map(YamlTree::root)
        .filter(root -> !root.isNull())
        .map(AttributeValues::fromJson)
        .orElse(text);
  }

  private static Object jsonToJava(JsonNode node, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("attribute nested deeper than " + MAX_DEPTH);
    }
    if (node.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      node.properties()
          .forEach(e -> {
            if (!e.getValue().isNull()) {
              out.put(e.getKey(), jsonToJava(e.getValue(), depth + 1));
            }
          });
      return out;
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>();
      node.forEach(item -> out.add(jsonToJava(item, depth + 1)));
      return out;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return node.asText();
  }

  private static Map<String, Object> map(Map<?, ?> in, String path, int depth) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : in.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException("attribute " + describe(path) + " has a non-string key");
      }
      if (e.getValue() != null) {
        String child = path.isEmpty() ? key : path + "." + key;
        out.put(key, convert(e.getValue(), child, depth + 1));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private static Object convert(Object value, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "attribute " + describe(path) + " is nested deeper than " + MAX_DEPTH);
    }
    return switch (value) {
      case String s -> s;
      case Boolean b -> b;
      case Long l -> l;
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case BigInteger big when big.bitLength() < 64 -> big.longValue();
      case BigInteger big -> big.doubleValue();
      case BigDecimal dec -> dec.doubleValue();
      case Double d -> d;
      case Float f -> f.doubleValue();
      case Instant instant -> instant;
      case Duration duration -> duration;
      case Map<?, ?> m -> map(m, path, depth);
      case Collection<?> items -> list(items, path, depth);
      case Object[] items -> list(Arrays.asList(items), path, depth);
      default ->
          throw new IllegalArgumentException(
              "attribute "
                  + describe(path)
                  + " has unsupported type "
                  + value.getClass().getSimpleName());
    };
  }

  private static List<Object> list(Collection<?> items, String path, int depth) {
    List<Object> out = new ArrayList<>(items.size());
    for (Object item : items) {
      if (item != null) {
        out.add(convert(item, path + "[]", depth + 1));
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static String describe(String path) {
    return path.isEmpty() ? "value" : "'" + path + "'";
  }
}
