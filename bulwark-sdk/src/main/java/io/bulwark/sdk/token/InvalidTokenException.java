package io.bulwark.sdk.token;

/**
 * A token was rejected. Checked, so that every caller decides how to answer (normally 401 with an
 * RFC 6750 {@code WWW-Authenticate: Bearer error="invalid_token"} challenge). The message is the
 * {@link Reason#description()}: short, fixed text that is safe to show to the caller; it never
 * contains the token, its claims or key material, and no cause is kept for the same reason.
 */
public final class InvalidTokenException extends Exception {
  private static final long serialVersionUID = 1L;

  private final Reason reason;

  public InvalidTokenException(Reason reason) {
    super(reason.description(), null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Why a token was rejected; {@link #description()} is what the caller may be told. */
  public enum Reason {
    MALFORMED("malformed token"),
    NOT_SIGNED("unsigned or encrypted token not accepted"),
    ALGORITHM_NOT_ACCEPTED("signing algorithm not accepted"),
    TYPE_NOT_ACCEPTED("token type not accepted"),
    UNKNOWN_KEY("unknown signing key"),
    SIGNATURE_INVALID("signature invalid"),
    INVALID_CLAIMS("malformed claims"),
    WRONG_ISSUER("wrong issuer"),
    WRONG_AUDIENCE("wrong audience"),
    MISSING_EXPIRY("token has no expiry"),
    EXPIRED("token expired"),
    NOT_YET_VALID("token not yet valid"),
    ISSUED_IN_FUTURE("token issued in the future"),
    MISSING_SUBJECT("token has no subject"),
    /** The verification keys could not be fetched: a server-side problem, not the caller's. */
    KEYS_UNAVAILABLE("signing keys unavailable");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }
}
