package io.bulwark.identity;

import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.id.Ulid;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the identity server's audit events ({@code token.issued}, {@code auth.client.failed},
 * {@code token.refresh.reused}, ...). Events name tokens by {@code jti} and sessions by id, never
 * by value. Thread-safe.
 */
public final class IdentityAudit {
  private static final Logger LOG = LoggerFactory.getLogger(IdentityAudit.class);

  private final AuditLog log;
  private final Clock clock;
  private final Ulid.Generator ids;

  public IdentityAudit(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
    this.ids = Ulid.generator(clock);
  }

  /**
   * Appends one event.
   *
   * @param details facts about the event; null values are skipped
   */
  public void record(
      String type,
      Outcome outcome,
      Actor actor,
      String target,
      String action,
      String reason,
      Map<String, String> details) {
    AuditEvent.Builder event =
        AuditEvent.builder(type)
            .actor(actor)
            .target(target)
            .action(action)
            .outcome(outcome)
            .reason(reason);
    details.forEach(event::detail);
    try {
      log.append(event.build(clock, ids));
    } catch (RuntimeException e) {
      LOG.error("audit append failed for {} on {}", type, target, e);
      throw e;
    }
  }
}
