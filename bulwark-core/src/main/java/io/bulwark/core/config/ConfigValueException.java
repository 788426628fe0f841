package io.bulwark.core.config;

/**
 * Thrown by the config records when a value breaks a rule; names the key path so the loader can
 * point at the file line or environment variable that set it.
 */
final class ConfigValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final String reason;
  private final String relatedPath;

  ConfigValueException(String path, String reason) {
    this(path, reason, path);
  }

  /** A rule about {@code path} that was broken by the value at {@code relatedPath}. */
  ConfigValueException(String path, String reason, String relatedPath) {
    super(path + ": " + reason);
    this.path = path;
    this.reason = reason;
    this.relatedPath = relatedPath;
  }

  String relatedPath() {
    return relatedPath;
  }

  String path() {
    return path;
  }

  String reason() {
    return reason;
  }
}
