package io.bulwark.audit.read;

import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.AuditEvent;

/**
 * The one-line human form of an event used by {@code bulwark audit tail} and {@code query}: time,
 * type, outcome, actor, target and reason, separated by two spaces; {@code -} where unknown.
 */
public final class EventLines {

  private EventLines() {}

  /**
   * For example {@code 2026-01-01T10:00:00Z auth.login.failed failure alice user:alice bad
   * password}. Control characters are escaped, so a crafted value cannot forge lines or drive the
   * terminal.
   */
  public static String human(AuditEvent event) {
    return String.join(
        "  ",
        event.time().toString(),
        event.type(),
        event.outcome().jsonValue(),
        clean(actor(event.actor())),
        clean(event.target()),
        event.reason() == null ? "-" : clean(event.reason()));
  }

  private static String clean(String value) {
    StringBuilder text = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0) {
        text.append(String.format("\\u%04x", (int) c));
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }

  /** The best single name of an actor: principal, else client, else SPIFFE id, else address. */
  public static String actor(Actor actor) {
    if (actor.principal() != null) {
      return actor.principal();
    }
    if (actor.clientId() != null) {
      return actor.clientId();
    }
    if (actor.spiffeId() != null) {
      return actor.spiffeId();
    }
    return actor.sourceIp() == null ? "-" : actor.sourceIp();
  }
}
