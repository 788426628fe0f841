package io.bulwark.policy.api;

/**
 * A bearer token that a {@link PrincipalResolver} refused. The message says why in general terms
 * (expired, bad signature) and never contains the token.
 */
public final class RejectedCredentialsException extends Exception {
  private static final long serialVersionUID = 1L;

  /** A rejection with a short reason that is safe to log. */
  public RejectedCredentialsException(String reason) {
    super(reason, null, false, false);
  }
}
