package io.bulwark.audit.read;

import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.Outcome;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Selects audit events for {@code bulwark audit query}; every criterion is optional ({@code null}
 * matches all).
 *
 * @param type an event type, or a prefix ending in {@code *} such as {@code auth.*}
 * @param actor matches the actor's principal, client id, SPIFFE id or source address exactly
 * @param outcome the outcome
 * @param since earliest event time, inclusive
 * @param until latest event time, exclusive
 */
public record EventFilter(String type, String actor, Outcome outcome, Instant since, Instant until)
    implements Predicate<AuditEvent> {

  /** Matches every event. */
  public static final EventFilter ALL = new EventFilter(null, null, null, null, null);

  @Override
  public boolean test(AuditEvent event) {
    return typeMatches(event.type())
        && (actor == null || actorMatches(event.actor()))
        && (outcome == null || outcome == event.outcome())
        && (since == null || !event.time().isBefore(since))
        && (until == null || event.time().isBefore(until));
  }

  private boolean typeMatches(String value) {
    if (type == null) {
      return true;
    }
    if (type.endsWith("*")) {
      return value.startsWith(type.substring(0, type.length() - 1));
    }
    return value.equals(type);
  }

  private boolean actorMatches(Actor value) {
    return actor.equals(value.principal())
        || actor.equals(value.clientId())
        || actor.equals(value.spiffeId())
        || actor.equals(value.sourceIp());
  }
}
