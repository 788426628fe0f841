package io.bulwark.identity.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A user's TOTP second factor.
 *
 * @param userId the user
 * @param secret the shared secret, base32 (RFC 4648); never log it
 * @param confirmed whether the user proved the authenticator works (only then is it required)
 * @param lastStep the last time step a code was accepted for (codes of it or earlier are replays)
 * @param recoveryCodeHashes SHA-256 hex of the unused recovery codes
 * @param createdAt when enrolment started
 */
public record TotpEnrolment(
    String userId,
    String secret,
    boolean confirmed,
    long lastStep,
    List<String> recoveryCodeHashes,
    Instant createdAt) {

  /** Copies the list and checks required fields. */
  public TotpEnrolment {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(secret, "secret");
    recoveryCodeHashes = List.copyOf(recoveryCodeHashes);
    Objects.requireNonNull(createdAt, "createdAt");
  }

  @Override
  public String toString() {
    return "TotpEnrolment[" + userId + ", confirmed=" + confirmed + "]";
  }
}
