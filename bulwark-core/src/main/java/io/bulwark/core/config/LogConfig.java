package io.bulwark.core.config;

import java.util.List;

/**
 * The {@code log} section: format and lowest level of the process log.
 *
 * @param format text or JSON lines
 * @param level one of {@link #LEVELS}, lower case
 */
public record LogConfig(LogFormat format, String level) {
  /** Default {@code log.format}. */
  public static final LogFormat DEFAULT_FORMAT = LogFormat.TEXT;

  /** Default {@code log.level}. */
  public static final String DEFAULT_LEVEL = "info";

  /** Accepted values of {@code log.level}, from most to least verbose. */
  public static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error");

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or not allowed
   */
  public LogConfig {
    Checks.present("log.format", format);
    Checks.oneOf("log.level", level, LEVELS);
  }

  /** The documented defaults. */
  public static LogConfig defaults() {
    return new LogConfig(DEFAULT_FORMAT, DEFAULT_LEVEL);
  }
}
