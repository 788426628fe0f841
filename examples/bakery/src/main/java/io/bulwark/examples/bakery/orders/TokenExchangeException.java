package io.bulwark.examples.bakery.orders;

/**
 * The identity server refused a token exchange (an OAuth error response, RFC 6749 §5.2). The
 * message names the OAuth error code only, never a token, so it is safe to log and to show.
 */
public final class TokenExchangeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String error;

  TokenExchangeException(String error) {
    super("the identity server refused the token exchange: " + error, null, false, false);
    this.error = error;
  }

  /** The OAuth error code, e.g. {@code invalid_grant}. */
  public String error() {
    return error;
  }

  /**
   * Whether the user's token itself was refused ({@code invalid_grant}: revoked, expired, or not
   * issued for this service), as opposed to the service's own registration or credentials.
   */
  public boolean subjectRejected() {
    return "invalid_grant".equals(error);
  }
}
