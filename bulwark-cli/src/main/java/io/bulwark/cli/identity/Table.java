package io.bulwark.cli.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: a header row and columns padded to their widest cell. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();

  Table(String... header) {
    rows.add(header);
  }

  Table row(String... cells) {
    rows.add(cells);
    return this;
  }

  void print(PrintWriter out) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(width[i] - row[i].length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** Key-value lines, keys padded to the widest. */
  static void pairs(PrintWriter out, String... keysAndValues) {
    int width = 0;
    for (int i = 0; i < keysAndValues.length; i += 2) {
      width = Math.max(width, keysAndValues[i].length());
    }
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.println(
          keysAndValues[i]
              + " ".repeat(width - keysAndValues[i].length() + 2)
              + keysAndValues[i + 1]);
    }
  }

  /** The values of a JSON array as one cell, comma-separated; {@code -} when there are none. */
  static String joined(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values.isEmpty() ? "-" : String.join(",", values);
  }

  /** A user's or client's status cell: {@code enabled} or {@code disabled}. */
  static String status(JsonNode userOrClient) {
    return userOrClient.path("disabled").asBoolean() ? "disabled" : "enabled";
  }
}
