package io.bulwark.core.config;

import java.util.Locale;

/** How the process log is written: {@code text} for people, {@code json} for log shippers. */
public enum LogFormat {
  /** One human-readable line per event. */
  TEXT,
  /** One JSON object per line. */
  JSON;

  /** The spelling used in {@code bulwark.yaml}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static LogFormat fromYaml(String path, String value) {
    for (LogFormat format : values()) {
      if (format.yamlName().equals(value)) {
        return format;
      }
    }
    throw new ConfigValueException(path, "must be one of: text, json");
  }
}
