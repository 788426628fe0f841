package io.bulwark.audit.detect;

import java.util.List;

/**
 * Rule files that could not be loaded; the message lists every problem as {@code file:line:column:
 * path: message}.
 */
public final class RuleLoadException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  RuleLoadException(List<String> problems) {
    super("invalid detection rules:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, located in its file. */
  public List<String> problems() {
    return problems;
  }
}
