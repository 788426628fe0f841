package io.bulwark.gateway.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import io.bulwark.gateway.auth.AuthFailure.Reason;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The RFC 9068 §4 claim checks, run by Nimbus only after the signature verified: exact {@code iss},
 * an accepted {@code aud}, a present unexpired {@code exp}, no {@code nbf}/{@code iat} in the
 * future (each within the clock skew) and a {@code sub}.
 */
final class ClaimsVerifier implements JWTClaimsSetVerifier<SecurityContext> {
  private final IssuerSettings settings;
  private final Clock clock;

  ClaimsVerifier(IssuerSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
    if (!settings.issuer().equals(claims.getIssuer())) {
      throw new Rejection(Reason.WRONG_ISSUER);
    }
    List<String> aud = claims.getAudience();
    if (aud == null || aud.stream().noneMatch(settings.audiences()::contains)) {
      throw new Rejection(Reason.WRONG_AUDIENCE);
    }
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new Rejection(Reason.MISSING_CLAIM);
    }
    Instant now = clock.instant();
    if (expired(exp.toInstant(), now)) {
      throw new Rejection(Reason.EXPIRED);
    }
    Instant latest = now.plus(settings.clockSkew());
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().isAfter(latest)) {
      throw new Rejection(Reason.NOT_YET_VALID);
    }
    Date iat = claims.getIssueTime();
    if (iat != null && iat.toInstant().isAfter(latest)) {
      throw new Rejection(Reason.ISSUED_IN_FUTURE);
    }
    if (claims.getSubject() == null || claims.getSubject().isBlank()) {
      throw new Rejection(Reason.MISSING_CLAIM);
    }
  }

  /** Whether a token expiring at {@code exp} is past it at {@code now}, allowing the skew. */
  boolean expired(Instant exp, Instant now) {
    return !now.isBefore(exp.plus(settings.clockSkew()));
  }

  /** A claim check failed for {@code reason}. */
  static final class Rejection extends BadJWTException {
    private static final long serialVersionUID = 1L;
    private final transient Reason reason;

    Rejection(Reason reason) {
      super(reason.description());
      this.reason = reason;
    }

    Reason reason() {
      return reason;
    }
  }
}
