package io.bulwark.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.core.config.ConfigError;
import io.bulwark.core.config.YamlTree;
import io.bulwark.core.config.YamlTree.Position;
import io.bulwark.core.config.YamlTreeReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One strictly parsed YAML file with helpers that check its shape and report errors at the exact
 * key or value, so policy and test files share one way of saying what is wrong where.
 */
final class YamlDoc {
  private final String file;
  private final String[] lines;
  private final YamlTree tree;
  private final List<PolicyError> errors;

  private YamlDoc(String file, String text, YamlTree tree, List<PolicyError> errors) {
    this.file = file;
    this.lines = text.split("\r?\n", -1);
    this.tree = tree;
    this.errors = errors;
  }

  /** Parses {@code text}; on a YAML error reports it to {@code errors} and returns empty. */
  static Optional<YamlDoc> parse(String file, String text, List<PolicyError> errors) {
    List<ConfigError> yamlErrors = new ArrayList<>();
    Optional<YamlTree> tree = YamlTreeReader.read(file, text, yamlErrors);
    for (ConfigError e : yamlErrors) {
      String where = e.path().isEmpty() ? "" : e.path() + ": ";
      errors.add(new PolicyError(file, e.line(), e.column(), where + e.message()));
    }
    if (tree.isEmpty() || !yamlErrors.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new YamlDoc(file, text, tree.get(), errors));
  }

  String file() {
    return file;
  }

  JsonNode root() {
    return tree.root();
  }

  List<PolicyError> errors() {
    return errors;
  }

  /** Reports {@code message} at the value at {@code path}. */
  void error(String path, String message) {
    Position at = tree.locate(path, false);
    errors.add(new PolicyError(file, at.line(), at.column(), message));
  }

  /** Reports {@code message} at the key that names the value at {@code path}. */
  void keyError(String path, String message) {
    Position at = tree.locate(path, true);
    errors.add(new PolicyError(file, at.line(), at.column(), message));
  }

  /** Reports at an exact position. */
  void errorAt(int line, int column, String message) {
    errors.add(new PolicyError(file, line, column, message));
  }

  /** Line and column of the value at {@code path}. */
  Position position(String path) {
    return tree.locate(path, false);
  }

  /** Line {@code n} (1-based) of the file, or {@code ""} past the end. */
  String line(int n) {
    return n >= 1 && n <= lines.length ? lines[n - 1] : "";
  }

  static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  static String item(String path, int index) {
    return path + "[" + index + "]";
  }

  /**
   * Checks that the node at {@code path} is a mapping with only {@code allowed} keys and every
   * {@code required} key; reports each problem and returns whether it is a mapping at all.
   */
  boolean object(JsonNode node, String path, Set<String> allowed, Set<String> required) {
    if (node == null || !node.isObject()) {
      error(path, describe(path) + " must be a mapping");
      return false;
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!allowed.contains(field.getKey())) {
        keyError(
            child(path, field.getKey()),
            "unknown field '"
                + field.getKey()
                + "'"
                + (path.isEmpty() ? "" : " in " + path)
                + "; allowed: "
                + String.join(", ", new TreeSet<>(allowed)));
      }
    }
    for (String key : new TreeSet<>(required)) {
      if (!node.has(key)) {
        error(path, "missing required field '" + key + "'" + (path.isEmpty() ? "" : " in " + path));
      }
    }
    return true;
  }

  /** The string at {@code parent.key}, or empty (reported when present but not a string). */
  Optional<String> string(JsonNode parent, String path, String key) {
    JsonNode node = parent.get(key);
    if (node == null) {
      return Optional.empty();
    }
    String at = child(path, key);
    if (!node.isTextual() || node.asText().isBlank()) {
      error(at, describe(at) + " must be a non-empty string");
      return Optional.empty();
    }
    return Optional.of(node.asText());
  }

  /**
   * The list of non-empty strings at {@code parent.key}; absent gives an empty list, a non-list or
   * non-string item is reported.
   */
  List<String> strings(JsonNode parent, String path, String key) {
    JsonNode node = parent.get(key);
    String at = child(path, key);
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      error(at, describe(at) + " must be a list of strings");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode element = node.get(i);
      if (!element.isTextual() || element.asText().isBlank()) {
        error(item(at, i), describe(at) + " must contain non-empty strings");
      } else {
        out.add(element.asText());
      }
    }
    return out;
  }

  private static String describe(String path) {
    return path.isEmpty() ? "the document" : "'" + path + "'";
  }
}
