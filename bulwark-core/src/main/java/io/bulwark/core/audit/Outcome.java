package io.bulwark.core.audit;

import java.util.Locale;

/** How the audited action ended. Written to JSON in lower case ({@code "denied"}). */
public enum Outcome {
  /** The action was allowed and completed. */
  SUCCESS,
  /**
   * The action was attempted and failed for a reason of the caller's (for example bad password).
   */
  FAILURE,
  /** A policy decided against the action. */
  DENIED,
  /** The system could not complete or decide the action (for example a store was unreachable). */
  ERROR;

  /** The JSON form: the name in lower case. */
  public String jsonValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses the JSON form.
   *
   * @throws IllegalArgumentException for anything but one of the four lower-case names
   */
  public static Outcome fromJson(String value) {
    for (Outcome outcome : values()) {
      if (outcome.jsonValue().equals(value)) {
        return outcome;
      }
    }
    throw new IllegalArgumentException("unknown outcome");
  }
}
