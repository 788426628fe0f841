package io.bulwark.core.config;

import java.util.Objects;

/**
 * One problem found while loading configuration, located precisely enough for a person or an editor
 * to jump to it.
 *
 * @param source the file as given, {@code "environment"} or {@code "override"}
 * @param line 1-based line in the file, or 0 when the source has no lines
 * @param column 1-based column in the file, or 0 when the source has no lines
 * @param path dotted key path such as {@code admin.port}, the variable name for an unknown
 *     environment variable, or empty for a problem with the whole file
 * @param message what is wrong, without echoing the offending value (values may be secrets)
 */
public record ConfigError(String source, int line, int column, String path, String message) {

  /** Validates the components. */
  public ConfigError {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column must not be negative");
    }
  }

  /**
   * Formats the error the way compilers do, e.g. {@code bulwark.yaml:4:9: admin.port: must be
   * between 0 and 65535}; the line and column are left out when unknown, the path when empty.
   */
  public String format() {
    StringBuilder out = new StringBuilder(source);
    if (line > 0) {
      out.append(':').append(line).append(':').append(column);
    }
    out.append(": ");
    if (!path.isEmpty()) {
      out.append(path).append(": ");
    }
    return out.append(message).toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
