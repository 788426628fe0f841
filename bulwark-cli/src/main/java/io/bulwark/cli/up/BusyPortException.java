package io.bulwark.cli.up;

/**
 * A listener could not bind because its port is taken; names the option that changes the port so
 * the user can act on the one line {@code bulwark up} prints.
 */
public final class BusyPortException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BusyPortException(String role, String host, int port, String option, String configKey) {
    super(
        "port "
            + port
            + " on "
            + host
            + " ("
            + role
            + ") is already in use; choose another with "
            + option
            + " or "
            + configKey
            + " in bulwark.yaml",
        null,
        false,
        false);
  }
}
