package io.bulwark.sdk.token;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import io.bulwark.sdk.token.InvalidTokenException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The RFC 9068 §4 claim checks: exact issuer, audience, a present and unexpired {@code exp}, no
 * {@code nbf} or {@code iat} in the future, a subject. Time comes from an injected clock with a
 * bounded skew allowance.
 */
final class AccessTokenClaimsVerifier implements JWTClaimsSetVerifier<SecurityContext> {
  private final String issuer;
  private final String audience;
  private final Duration maxClockSkew;
  private final Clock clock;

  AccessTokenClaimsVerifier(String issuer, String audience, Duration maxClockSkew, Clock clock) {
    this.issuer = issuer;
    this.audience = audience;
    this.maxClockSkew = maxClockSkew;
    this.clock = clock;
  }

  @Override
  public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
    if (!issuer.equals(claims.getIssuer())) {
      throw new ClaimsRejectedException(Reason.WRONG_ISSUER);
    }
    List<String> aud = claims.getAudience();
    if (aud == null || !aud.contains(audience)) {
      throw new ClaimsRejectedException(Reason.WRONG_AUDIENCE);
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new ClaimsRejectedException(Reason.MISSING_EXPIRY);
    }
    if (!now.isBefore(exp.toInstant().plus(maxClockSkew))) {
      throw new ClaimsRejectedException(Reason.EXPIRED);
    }
    Instant latestAcceptable = now.plus(maxClockSkew);
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().isAfter(latestAcceptable)) {
      throw new ClaimsRejectedException(Reason.NOT_YET_VALID);
    }
    Date iat = claims.getIssueTime();
    if (iat != null && iat.toInstant().isAfter(latestAcceptable)) {
      throw new ClaimsRejectedException(Reason.ISSUED_IN_FUTURE);
    }
    String sub = claims.getSubject();
    if (sub == null || sub.isBlank()) {
      throw new ClaimsRejectedException(Reason.MISSING_SUBJECT);
    }
  }
}
