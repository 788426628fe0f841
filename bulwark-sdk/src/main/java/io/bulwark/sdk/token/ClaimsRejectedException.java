package io.bulwark.sdk.token;

import com.nimbusds.jwt.proc.BadJWTException;

/** Carries the {@link InvalidTokenException.Reason} out of Nimbus's processor unchanged. */
final class ClaimsRejectedException extends BadJWTException {
  private static final long serialVersionUID = 1L;

  private final transient InvalidTokenException.Reason reason;

  ClaimsRejectedException(InvalidTokenException.Reason reason) {
    super(reason.description());
    this.reason = reason;
  }

  InvalidTokenException.Reason reason() {
    return reason;
  }
}
