package io.bulwark.core.config;

import java.util.List;

/** The value rules shared by the config records, each failing with the offending key path. */
final class Checks {
  private Checks() {}

  static <T> T present(String path, T value) {
    if (value == null) {
      throw new ConfigValueException(path, "must be set");
    }
    return value;
  }

  static String nonBlank(String path, String value) {
    if (present(path, value).isBlank()) {
      throw new ConfigValueException(path, "must not be empty");
    }
    return value;
  }

  static String host(String path, String value) {
    nonBlank(path, value);
    if (value.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
      throw new ConfigValueException(path, "must be a host name or IP address");
    }
    return value;
  }

  static int port(String path, int value) {
    if (value < 0 || value > 65535) {
      throw new ConfigValueException(path, "must be between 0 and 65535");
    }
    return value;
  }

  static double ratio(String path, double value) {
    if (!(value >= 0.0 && value <= 1.0)) {
      throw new ConfigValueException(path, "must be between 0 and 1");
    }
    return value;
  }

  static String oneOf(String path, String value, List<String> allowed) {
    if (!allowed.contains(present(path, value))) {
      throw new ConfigValueException(path, "must be one of: " + String.join(", ", allowed));
    }
    return value;
  }
}
