package io.bulwark.policy;

import io.bulwark.core.config.YamlTree.Position;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a line and column inside a YAML string value (a CEL expression) back to the file, for plain,
 * quoted, literal ({@code |}) and folded ({@code >}) scalars. Escapes in double-quoted strings are
 * not accounted for; the position is then a few columns off, never on another value.
 */
final class ScalarPositions {
  private static final int MAX_LINES = 200;

  private ScalarPositions() {}

  /**
   * Where the character at {@code line} (1-based) and {@code column} (0-based) of {@code value}
   * sits in the file, given the value's start.
   */
  static Position locate(YamlDoc doc, Position start, String value, int line, int column) {
    int offset = offsetOf(value, line, column);
    List<int[]> segments = segments(doc, start);
    for (int[] segment : segments) {
      if (offset <= segment[2]) {
        return new Position(segment[0], segment[1] + offset);
      }
      offset -= segment[2] + 1;
    }
    return start;
  }

  private static int offsetOf(String value, int line, int column) {
    int offset = 0;
    for (int current = 1; current < line; current++) {
      int end = value.indexOf('\n', offset);
      if (end < 0) {
        break;
      }
      offset = end + 1;
    }
    return offset + Math.max(column, 0);
  }

  /** Each source line of the scalar as {line, first column, length}. */
  private static List<int[]> segments(YamlDoc doc, Position start) {
    List<int[]> out = new ArrayList<>();
    String first = doc.line(start.line());
    int index = start.column() - 1;
    char indicator = index < first.length() ? first.charAt(index) : ' ';
    if (indicator == '|' || indicator == '>') {
      int indent = -1;
      for (int n = start.line() + 1; n <= start.line() + MAX_LINES; n++) {
        String text = doc.line(n);
        if (text.isBlank()) {
          out.add(new int[] {n, 1, 0});
          continue;
        }
        int lead = leadingSpaces(text);
        if (indent < 0) {
          indent = lead;
        } else if (lead < indent) {
          break;
        }
        out.add(new int[] {n, indent + 1, text.length() - indent});
      }
      return out;
    }
    int column = indicator == '"' || indicator == '\'' ? start.column() + 1 : start.column();
    out.add(new int[] {start.line(), column, Math.max(first.length() - column + 1, 0)});
    for (int n = start.line() + 1; n <= start.line() + MAX_LINES; n++) {
      String text = doc.line(n);
      int lead = leadingSpaces(text);
      out.add(new int[] {n, lead + 1, text.length() - lead});
    }
    return out;
  }

  private static int leadingSpaces(String text) {
    int n = 0;
    while (n < text.length() && text.charAt(n) == ' ') {
      n++;
    }
    return n;
  }
}
