package io.bulwark.identity.oauth;

import com.nimbusds.oauth2.sdk.ErrorObject;

/**
 * A request refused with a standard OAuth error (RFC 6749 §5.2 and its extensions); the endpoint
 * answers with exactly this error object.
 */
public final class OAuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ErrorObject error;

  public OAuthException(ErrorObject error) {
    super(error.getCode() + ": " + error.getDescription(), null, false, false);
    this.error = error;
  }

  /** The error with a description of our own. */
  public static OAuthException of(ErrorObject error, String description) {
    return new OAuthException(error.setDescription(description));
  }

  public ErrorObject error() {
    return error;
  }
}
