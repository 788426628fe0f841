package io.bulwark.identity.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the revocation feed: reject tokens whose claim {@code kind} equals {@code value} and
 * whose {@code iat} is at or before {@code issuedBefore}; the entry may be forgotten after {@code
 * expiresAt}, when every token it could match has expired.
 *
 * @param seq position in the feed, increasing
 * @param kind which claim to match
 * @param value the claim value (a jti, a session id or a subject)
 * @param issuedBefore tokens issued at or before this instant are revoked
 * @param expiresAt when the entry stops mattering
 */
public record RevocationEvent(
    long seq, Kind kind, String value, Instant issuedBefore, Instant expiresAt) {

  /** Longest claim value accepted. */
  public static final int MAX_VALUE_LENGTH = 255;

  /** The claim a revocation event matches. */
  public enum Kind {
    /** One token, by {@code jti}. */
    JTI,
    /** Every token of one login session / refresh family, by {@code sid}. */
    SID,
    /** Every token of one subject, by {@code sub}. */
    SUB;

    /** The wire name: {@code jti}, {@code sid} or {@code sub}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Checks required fields and the value's length. */
  public RevocationEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    if (value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException("revocation value must be 1-255 characters");
    }
    Objects.requireNonNull(issuedBefore, "issuedBefore");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
