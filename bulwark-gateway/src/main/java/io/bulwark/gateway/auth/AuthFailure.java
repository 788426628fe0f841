package io.bulwark.gateway.auth;

import java.util.Objects;

/**
 * Why a caller was not authenticated, as a fixed reason with a caller-safe description (never any
 * part of the credential). {@link #status()} and {@link #wwwAuthenticate(String)} give the HTTP
 * answer: 401 with an RFC 6750 §3 {@code WWW-Authenticate: Bearer} challenge, 503 when keys could
 * not be obtained at all, 500 when checking failed unexpectedly.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3">RFC 6750 §3</a>
 */
public record AuthFailure(Reason reason) {

  /** Stable machine codes; the proxy logs and audits these. */
  public enum Reason {
    MISSING_CREDENTIALS("No credentials were presented"),
    MALFORMED("The access token is malformed"),
    TOO_LARGE("The access token is too large"),
    NOT_SIGNED("The access token is not signed"),
    ALGORITHM_NOT_ALLOWED("The access token signature algorithm is not accepted"),
    WRONG_TYPE("The access token type is not accepted"),
    UNKNOWN_ISSUER("The access token issuer is not trusted"),
    UNKNOWN_KEY("The access token signing key is not known"),
    SIGNATURE_INVALID("The access token signature is invalid"),
    WRONG_ISSUER("The access token issuer is wrong"),
    WRONG_AUDIENCE("The access token audience is wrong"),
    EXPIRED("The access token expired"),
    NOT_YET_VALID("The access token is not yet valid"),
    ISSUED_IN_FUTURE("The access token was issued in the future"),
    MISSING_CLAIM("The access token lacks a required claim"),
    CERTIFICATE_REQUIRED(
        "The access token is certificate-bound but no client certificate was used"),
    CERTIFICATE_MISMATCH("The access token is bound to another client certificate"),
    REVOKED("The access token was revoked"),
    INVALID_API_KEY("The API key is invalid"),
    INVALID_CERTIFICATE("The client certificate is not acceptable"),
    KEYS_UNAVAILABLE("The token issuer keys are unavailable"),
    INTERNAL_ERROR("The credentials could not be checked");

    private final String description;

    Reason(String description) {
      this.description = description;
    }

    /** A short, fixed, caller-safe sentence (RFC 6750 {@code error_description} characters). */
    public String description() {
      return description;
    }
  }

  public AuthFailure {
    Objects.requireNonNull(reason, "reason");
  }

  /** A failure for {@code reason}. */
  public static AuthFailure of(Reason reason) {
    return new AuthFailure(reason);
  }

  /**
   * HTTP status to answer: 503 when issuer keys are unavailable, 500 on an internal error,
   * otherwise 401.
   */
  public int status() {
    return switch (reason) {
      case KEYS_UNAVAILABLE -> 503;
      case INTERNAL_ERROR -> 500;
      default -> 401;
    };
  }

  /**
   * The {@code WWW-Authenticate} value for a 401: a bare challenge when no credentials were sent
   * (RFC 6750 §3.1), otherwise {@code error="invalid_token"} with the description.
   *
   * @param realm the protection space, quoted as given (letters, digits, '.', '-', '_' only)
   */
  public String wwwAuthenticate(String realm) {
    if (realm == null || !realm.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("realm must be 1-64 of [A-Za-z0-9._-]");
    }
    if (reason == Reason.MISSING_CREDENTIALS) {
      return "Bearer realm=\"" + realm + "\"";
    }
    return "Bearer realm=\""
        + realm
        + "\", error=\"invalid_token\", error_description=\""
        + reason.description()
        + "\"";
  }
}
