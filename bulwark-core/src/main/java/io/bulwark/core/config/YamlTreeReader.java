package io.bulwark.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.bulwark.core.config.YamlTree.Position;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML document strictly into a JSON tree while recording where every key and value sits.
 * Duplicate keys, aliases, several documents and non-finite numbers are errors; all of them are
 * reported, a syntax error ends the reading. Public so other modules (policies) read YAML the same
 * strict way with positions.
 */
public final class YamlTreeReader {
  /** Deepest nesting accepted; the schema needs far less, this bounds recursion. */
  public static final int MAX_DEPTH = 32;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final YAMLFactory YAML = newFactory();

  private final String source;
  private final List<ConfigError> errors;
  private final Map<String, Position> keys = new HashMap<>();
  private final Map<String, Position> values = new HashMap<>();

  private YamlTreeReader(String source, List<ConfigError> errors) {
    this.source = source;
    this.errors = errors;
  }

  /**
   * Parses {@code text}; errors go to {@code errors}. Returns empty after a syntax error, since the
   * partial tree would only produce misleading schema errors.
   */
  public static Optional<YamlTree> read(String source, String text, List<ConfigError> errors) {
    return new YamlTreeReader(source, errors).read(text);
  }

  private Optional<YamlTree> read(String text) {
    try (JsonParser parser = YAML.createParser(text)) {
      JsonNode root;
      if (parser.nextToken() == null) {
        root = NODES.objectNode();
        values.put("", new Position(1, 1));
      } else {
        root = readValue(parser, "", 0);
        if (parser.nextToken() != null) {
          error(
              parser.currentTokenLocation(),
              "",
              "a second YAML document starts here; only one is allowed");
        }
      }
      return Optional.of(new YamlTree(root, keys, values));
    } catch (JsonProcessingException e) {
      errors.add(syntaxError(e));
      return Optional.empty();
    } catch (IOException e) {
      errors.add(new ConfigError(source, 0, 0, "", "cannot read: " + e.getMessage()));
      return Optional.empty();
    }
  }

  private JsonNode readValue(JsonParser parser, String path, int depth) throws IOException {
    JsonLocation at = parser.currentTokenLocation();
    values.put(path, position(at));
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      error(at, path, "aliases (*name) are not supported");
      return NODES.nullNode();
    }
    JsonToken token = parser.currentToken();
    if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && depth >= MAX_DEPTH) {
      error(at, path, "nested deeper than " + MAX_DEPTH + " levels");
      parser.skipChildren();
      return NODES.nullNode();
    }
    return switch (token) {
      case START_OBJECT -> readObject(parser, path, depth);
      case START_ARRAY -> readArray(parser, path, depth);
      case VALUE_STRING -> NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT -> NODES.numberNode(parser.getBigIntegerValue());
      case VALUE_NUMBER_FLOAT -> readFloat(parser, at, path);
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      default -> {
        error(at, path, "unsupported YAML value");
        yield NODES.nullNode();
      }
    };
  }

  private ObjectNode readObject(JsonParser parser, String path, int depth) throws IOException {
    ObjectNode object = NODES.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      String child = path.isEmpty() ? name : path + "." + name;
      JsonLocation keyAt = parser.currentTokenLocation();
      parser.nextToken();
      if (object.has(name)) {
        Position first = keys.get(child);
        error(
            keyAt,
            child,
            "duplicate key (first defined at line "
                + first.line()
                + ", column "
                + first.column()
                + ")");
        parser.skipChildren();
        continue;
      }
      keys.put(child, position(keyAt));
      object.set(name, readValue(parser, child, depth + 1));
    }
    return object;
  }

  private ArrayNode readArray(JsonParser parser, String path, int depth) throws IOException {
    ArrayNode array = NODES.arrayNode();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      array.add(readValue(parser, path + "[" + array.size() + "]", depth + 1));
    }
    return array;
  }

  private JsonNode readFloat(JsonParser parser, JsonLocation at, String path) throws IOException {
    double value = parser.getDoubleValue();
    if (!Double.isFinite(value)) {
      error(at, path, "must be a finite number");
      return NODES.nullNode();
    }
    return NODES.numberNode(parser.getDecimalValue());
  }

  private ConfigError syntaxError(JsonProcessingException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
        return new ConfigError(
            source,
            marked.getProblemMark().getLine() + 1,
            marked.getProblemMark().getColumn() + 1,
            "",
            "YAML syntax error: " + firstLine(marked.getProblem()));
      }
    }
    JsonLocation at = e.getLocation();
    return new ConfigError(
        source,
        at == null ? 0 : Math.max(at.getLineNr(), 0),
        at == null ? 0 : Math.max(at.getColumnNr(), 0),
        "",
        "YAML syntax error: " + firstLine(e.getOriginalMessage()));
  }

  private void error(JsonLocation at, String path, String message) {
    Position position = position(at);
    errors.add(new ConfigError(source, position.line(), position.column(), path, message));
  }

  private static Position position(JsonLocation at) {
    return new Position(Math.max(at.getLineNr(), 1), Math.max(at.getColumnNr(), 1));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed document";
    }
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).strip();
  }

  private static YAMLFactory newFactory() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true);
    options.setMaxAliasesForCollections(0);
    options.setNestingDepthLimit(MAX_DEPTH + 8);
    options.setCodePointLimit(2 * (int) ConfigLoader.MAX_FILE_BYTES);
    return YAMLFactory.builder()
        .loaderOptions(options)
        .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
        .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
        .build();
  }
}
