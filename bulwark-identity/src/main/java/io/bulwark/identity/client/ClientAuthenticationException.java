package io.bulwark.identity.client;

/**
 * A client could not be authenticated. The reason is for the audit log; the client only ever learns
 * {@code invalid_client}.
 */
public final class ClientAuthenticationException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String clientId;

  public ClientAuthenticationException(String clientId, String reason) {
    super(reason, null, false, false);
    this.clientId = clientId;
  }

  /** The client id the caller claimed, or null if none was readable. */
  public String clientId() {
    return clientId;
  }
}
