package io.bulwark.audit.detect;

import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.id.Ulid;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Realistic audit events as the identity server, gateway, policy role and CA emit them. */
final class Events {
  private static final Ulid.Generator IDS = Ulid.generator(Clock.systemUTC());

  private Events() {}

  static AuditEvent at(Instant time, AuditEvent.Builder builder) {
    return builder.build(Clock.fixed(time, ZoneOffset.UTC), IDS);
  }

  static AuditEvent loginFailed(Instant time, String user, String ip) {
    return at(
        time,
        AuditEvent.builder("auth.login.failed")
            .actor(new Actor(null, "web", ip, null))
            .target("user:" + user)
            .action("login")
            .outcome(Outcome.FAILURE)
            .reason("invalid credentials"));
  }

  static AuditEvent login(Instant time, String user, String ip) {
    return at(
        time,
        AuditEvent.builder("auth.login")
            .actor(new Actor(user, "web", ip, null))
            .target("user:" + user)
            .action("login")
            .outcome(Outcome.SUCCESS));
  }

  static AuditEvent refreshed(Instant time, String jti, Outcome outcome) {
    return at(
        time,
        AuditEvent.builder("token.refreshed")
            .actor(new Actor("alice", "web", "198.51.100.4", null))
            .target("client:web")
            .action("refresh")
            .outcome(outcome)
            .details(Map.of("jti", jti, "newJti", Ulid.generator(Clock.systemUTC()).next())));
  }

  static AuditEvent revoked(Instant time, String jti) {
    return at(
        time,
        AuditEvent.builder("token.revoked")
            .actor(new Actor("admin", "console", "10.0.0.5", null))
            .target("token:" + jti)
            .action("revoke")
            .outcome(Outcome.SUCCESS)
            .detail("jti", jti));
  }

  static AuditEvent gateway(Instant time, String type, String principal, String jti, Outcome o) {
    AuditEvent.Builder b =
        AuditEvent.builder(type)
            .actor(new Actor(principal, "web", "198.51.100.4", null))
            .target("route:/orders")
            .action("GET")
            .outcome(o)
            .detail("jti", jti);
    if (o == Outcome.DENIED) {
      b.reason("policy denied").detail("policy", "orders").detail("rule", "deny-by-default");
    }
    return at(time, b);
  }

  static AuditEvent adminChanged(Instant time, String admin) {
    return at(
        time,
        AuditEvent.builder("admin.changed")
            .actor(new Actor(admin, "console", "10.0.0.5", null))
            .target("client:payments")
            .action("update")
            .outcome(Outcome.SUCCESS)
            .detail("field", "redirectUris"));
  }

  static AuditEvent policyChanged(Instant time, String policy) {
    return at(
        time,
        AuditEvent.builder("policy.changed")
            .actor(Actor.NONE)
            .target("policy:" + policy)
            .action("reload")
            .outcome(Outcome.SUCCESS)
            .detail("file", policy + ".yaml"));
  }

  static AuditEvent certIssued(Instant time, String requester, String spiffeId) {
    AuditEvent.Builder b =
        AuditEvent.builder("cert.issued")
            .actor(new Actor(null, null, "10.0.0.9", requester))
            .target("cert:" + Long.toHexString(time.toEpochMilli()))
            .action("issue")
            .outcome(Outcome.SUCCESS)
            .detail("spiffeId", spiffeId)
            .detail("serial", Long.toHexString(time.toEpochMilli()));
    return at(time, b);
  }
}
