package io.bulwark.core.config;

/**
 * Where a configuration value came from, so an error about it can point there.
 *
 * @param source file name, {@code "environment"} or {@code "override"}
 * @param line 1-based line, 0 when the source has no lines
 * @param column 1-based column, 0 when the source has no lines
 * @param note appended to messages, e.g. {@code " (from BULWARK_ADMIN_PORT)"}
 */
record Origin(String source, int line, int column, String note) {

  ConfigError error(String path, String message) {
    return new ConfigError(source, line, column, path, message + note);
  }
}
