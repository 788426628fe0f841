package io.bulwark.policy;

import java.util.Objects;

/**
 * One problem in a policy or test file, located for a person or an editor to jump to.
 *
 * @param file the file as found under the loaded directory
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param message what is wrong
 */
public record PolicyError(String file, int line, int column, String message) {

  /** Requires every component. */
  public PolicyError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  /** Formats like a compiler: {@code file:line:col: message}, without the position when unknown. */
  public String format() {
    return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
  }

  @Override
  public String toString() {
    return format();
  }
}
