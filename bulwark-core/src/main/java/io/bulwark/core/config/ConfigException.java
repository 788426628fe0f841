package io.bulwark.core.config;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown when configuration cannot be loaded; carries every error found, not just the first. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigError> errors;

  /** Creates the exception; {@code errors} must not be empty. */
  public ConfigException(List<ConfigError> errors) {
    super(describe(errors));
    this.errors = List.copyOf(errors);
  }

  /** Every error, in file order, then environment, then overrides. */
  public List<ConfigError> errors() {
    return errors;
  }

  private static String describe(List<ConfigError> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one error");
    }
    return "invalid configuration ("
        + errors.size()
        + (errors.size() == 1 ? " error" : " errors")
        + "):\n"
        + errors.stream().map(e -> "  " + e.format()).collect(Collectors.joining("\n"));
  }
}
