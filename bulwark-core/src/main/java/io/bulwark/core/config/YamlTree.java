package io.bulwark.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed YAML document with the line and column of every key and value, so schema errors can
 * point into the file.
 *
 * @param root the document, a mapping when the file is well formed
 * @param keys position of each mapping key, by dotted path of the value it names
 * @param values position of each value, by dotted path ({@code ""} is the document)
 */
public record YamlTree(JsonNode root, Map<String, Position> keys, Map<String, Position> values) {

  /** A 1-based line and column. */
  public record Position(int line, int column) {}

  /** Copies the maps. */
  public YamlTree {
    keys = Map.copyOf(keys);
    values = Map.copyOf(values);
  }

  /**
   * Where to report a problem at {@code path}: the key when {@code atKey}, else the value; the
   * nearest enclosing node when the exact one is unknown.
   */
  public Position locate(String path, boolean atKey) {
    String current = path;
    while (true) {
      Position found = atKey ? keys.get(current) : values.get(current);
      if (found == null && atKey) {
        found = values.get(current);
      }
      if (found != null) {
        return found;
      }
      Optional<String> parent = parentOf(current);
      if (parent.isEmpty()) {
        return new Position(1, 1);
      }
      current = parent.get();
    }
  }

  static Optional<String> parentOf(String path) {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return Optional.of(cut < 0 ? "" : path.substring(0, cut));
  }
}
