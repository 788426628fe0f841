package io.bulwark.audit.detect;

import dev.cel.runtime.CelVariableResolver;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.AuditEvent;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL variables for one event, built once and shared by every rule: absent optional fields are
 * empty strings, so rules test {@code event.actor.sourceIp != ""} rather than presence.
 */
final class EventActivation implements CelVariableResolver {
  private final Optional<Object> event;
  private final Optional<Object> settings;

  EventActivation(AuditEvent e, Map<String, Object> settings) {
    Actor a = e.actor();
    Map<String, Object> actor =
        Map.of(
            "principal", orEmpty(a.principal()),
            "clientId", orEmpty(a.clientId()),
            "sourceIp", orEmpty(a.sourceIp()),
            "spiffeId", orEmpty(a.spiffeId()));
    this.event =
        Optional.of(
            Map.of(
                "id", e.id(),
                "time", e.time(),
                "type", e.type(),
                "actor", actor,
                "target", e.target(),
                "action", e.action(),
                "outcome", e.outcome().jsonValue(),
                "reason", orEmpty(e.reason()),
                "details", e.details(),
                "traceId", orEmpty(e.traceId())));
    this.settings = Optional.of(settings);
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  @Override
  public Optional<Object> find(String name) {
    return switch (name) {
      case "event" -> event;
      case "settings" -> settings;
      default -> Optional.empty();
    };
  }
}
