package io.bulwark.policy;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the attribute types written in policy {@code schemas}: {@code string}, {@code int}, {@code
 * double}, {@code bool}, {@code timestamp}, {@code duration}, {@code dyn}, {@code list(T)} and
 * {@code map(string, T)}.
 */
final class SchemaTypes {
  static final String ALLOWED =
      "string, int, double, bool, timestamp, duration, dyn, list(T), map(string, T)";

  private static final Map<String, CelType> SIMPLE =
      Map.of(
          "string", SimpleType.STRING,
          "int", SimpleType.INT,
          "double", SimpleType.DOUBLE,
          "bool", SimpleType.BOOL,
          "timestamp", SimpleType.TIMESTAMP,
          "duration", SimpleType.DURATION,
          "dyn", SimpleType.DYN);

  private SchemaTypes() {}

  /** The CEL type written as {@code text}, or empty when it is not one of {@link #ALLOWED}. */
  static Optional<CelType> parse(String text) {
    return parse(text.replace(" ", ""), 0);
  }

  private static Optional<CelType> parse(String text, int depth) {
    if (depth > 8) {
      return Optional.empty();
    }
    CelType simple = SIMPLE.get(text);
    if (simple != null) {
      return Optional.of(simple);
    }
    if (text.startsWith("list(") && text.endsWith(")")) {
      return parse(text.substring(5, text.length() - 1), depth + 1).map(ListType::create);
    }
    if (text.startsWith("map(string,") && text.endsWith(")")) {
      return parse(text.substring(11, text.length() - 1), depth + 1)
          .map(value -> MapType.create(SimpleType.STRING, value));
    }
    return Optional.empty();
  }
}
