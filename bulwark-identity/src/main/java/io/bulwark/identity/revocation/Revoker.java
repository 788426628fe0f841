package io.bulwark.identity.revocation;

import io.bulwark.identity.store.GrantStore;
import io.bulwark.identity.store.RevocationEvent;
import io.bulwark.identity.store.RevocationEvent.Kind;
import io.bulwark.identity.store.RevocationStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Revokes tokens, sessions and subjects: records the revocation, appends a revocation event (the
 * feed gateways poll) and publishes it on the bus. An event for a session or subject lasts as long
 * as the longest access token it could match. Thread-safe.
 */
public final class Revoker {
  private final RevocationStore revocations;
  private final GrantStore grants;
  private final RevocationBus bus;
  private final Duration accessTokenTtl;
  private final Clock clock;

  public Revoker(
      RevocationStore revocations,
      GrantStore grants,
      RevocationBus bus,
      Duration accessTokenTtl,
      Clock clock) {
    this.revocations = revocations;
    this.grants = grants;
    this.bus = bus;
    this.accessTokenTtl = accessTokenTtl;
    this.clock = clock;
  }

  /** Revokes one access token until it would have expired. */
  public RevocationEvent revokeAccessToken(String jti, Instant expiresAt) {
    revocations.revokeToken(jti, expiresAt);
    return publish(Kind.JTI, jti, expiresAt);
  }

  /**
   * Revokes a login session / refresh family: its refresh tokens stop working and its access tokens
   * are announced revoked. Returns the event, or empty if the family was already revoked.
   */
  public Optional<RevocationEvent> revokeSession(String familyId) {
    if (!grants.revokeFamily(familyId)) {
      return Optional.empty();
    }
    return Optional.of(publish(Kind.SID, familyId, clock.instant().plus(accessTokenTtl)));
  }

  /** Revokes everything of a subject (a disabled or deleted user): sessions and tokens. */
  public RevocationEvent revokeSubject(String subject) {
    grants.revokeFamiliesOfUser(subject);
    return publish(Kind.SUB, subject, clock.instant().plus(accessTokenTtl));
  }

  private RevocationEvent publish(Kind kind, String value, Instant expiresAt) {
    RevocationEvent event = revocations.append(kind, value, clock.instant(), expiresAt);
    bus.publish(event);
    return event;
  }
}
