package io.bulwark.policy;

import java.util.List;

/** Policies that could not be loaded; carries every error found, not just the first. */
public final class PolicyLoadException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<PolicyError> errors;

  /** Wraps a non-empty list of errors. */
  public PolicyLoadException(List<PolicyError> errors) {
    super(summary(errors));
    this.errors = List.copyOf(errors);
  }

  /** Every error, in file order. */
  public List<PolicyError> errors() {
    return errors;
  }

  private static String summary(List<PolicyError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("no errors");
    }
    String first = errors.get(0).format();
    return errors.size() == 1 ? first : first + " (and " + (errors.size() - 1) + " more)";
  }
}
