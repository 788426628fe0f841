package io.bulwark.audit.alert;

import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.id.Ulid;
import java.time.Clock;
import java.util.Objects;

/**
 * Records each announced alert in the audit log itself as an {@code alert.raised} event, so the
 * alert is as tamper-evident and lasting as the events it links (the in-memory alert list is not).
 * Details: {@code alertId}, {@code rule}, {@code severity}, {@code group}, {@code events} (how many
 * are linked), {@code firstEventId} and {@code lastEventId}.
 */
public final class AuditLogAlertSink implements AlertSink {
  /** The event type of a recorded alert. */
  public static final String TYPE = "alert.raised";

  private final AuditLog log;
  private final Clock clock;
  private final Ulid.Generator ids;

  /** A sink appending to {@code log}, timestamping with {@code clock}. */
  public AuditLogAlertSink(AuditLog log, Clock clock) {
    this.log = Objects.requireNonNull(log, "log");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Ulid.generator(clock);
  }

  @Override
  public void send(Alert alert) {
    AuditEvent.Builder event =
        AuditEvent.builder(TYPE)
            .actor(Actor.NONE)
            .target("rule:" + alert.rule())
            .action("raise")
            .outcome(Outcome.SUCCESS)
            .reason(alert.title())
            .detail("alertId", alert.id())
            .detail("rule", alert.rule())
            .detail("severity", alert.severity().jsonValue())
            .detail("group", alert.group())
            .detail("events", Integer.toString(alert.eventIds().size()));
    if (!alert.eventIds().isEmpty()) {
      event
          .detail("firstEventId", alert.eventIds().getFirst())
          .detail("lastEventId", alert.eventIds().getLast());
    }
    log.append(event.build(clock, ids));
  }

  @Override
  public void close() {}
}
