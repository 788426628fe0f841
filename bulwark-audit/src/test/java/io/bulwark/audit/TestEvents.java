package io.bulwark.audit;

import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.id.Ulid;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Audit events for tests, with ids and times from a fixed clock unless told otherwise. */
public final class TestEvents {

  private static final Ulid.Generator IDS =
      Ulid.generator(Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC));

  private TestEvents() {}

  /** A login failure of {@code principal}, numbered by {@code n} in a detail. */
  public static AuditEvent loginFailed(String principal, int n) {
    return AuditEvent.builder("auth.login.failed")
        .actor(new Actor(principal, "web", "203.0.113.7", null))
        .target("user:" + principal)
        .action("login")
        .outcome(Outcome.FAILURE)
        .reason("bad password")
        .detail("attempt", Integer.toString(n))
        .build(IDS);
  }

  /** An event of {@code type} by {@code principal} with {@code outcome} at {@code time}. */
  public static AuditEvent event(String type, String principal, Outcome outcome, Instant time) {
    return AuditEvent.builder(type)
        .actor(Actor.principal(principal))
        .target("route:/orders")
        .action("GET")
        .outcome(outcome)
        .build(Clock.fixed(time, ZoneOffset.UTC), IDS);
  }
}
