package io.bulwark.identity;

import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps audit events in memory so tests can check them. */
public final class RecordingAuditLog implements AuditLog {
  private final List<AuditEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void append(AuditEvent event) {
    events.add(event);
  }

  /** Events of this type, oldest first. */
  public List<AuditEvent> ofType(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }

  public void clear() {
    events.clear();
  }

  @Override
  public void close() {}
}
