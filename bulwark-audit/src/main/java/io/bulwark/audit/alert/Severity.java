package io.bulwark.audit.alert;

import java.util.Locale;

/** How urgent an alert is; written in lower case in rules and JSON. */
public enum Severity {
  /** Worth a look. */
  LOW,
  /** Investigate soon. */
  MEDIUM,
  /** Likely an attack or a serious misuse. */
  HIGH,
  /** Act now. */
  CRITICAL;

  /** The lower-case name used in YAML and JSON. */
  public String jsonValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the lower-case name.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static Severity fromJson(String value) {
    for (Severity severity : values()) {
      if (severity.jsonValue().equals(value)) {
        return severity;
      }
    }
    throw new IllegalArgumentException("severity must be one of low, medium, high, critical");
  }
}
