package io.bulwark.core.log;

/** Output format of the process log. */
public enum LogFormat {
  /** One concise human-readable line per event, for terminals. */
  TEXT,
  /** One JSON object per line, for log shippers. */
  JSON
}
