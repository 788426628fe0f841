package io.bulwark.gateway;

import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps audit events in memory so tests can look at them. */
final class MemoryAuditLog implements AuditLog {
  final List<AuditEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void append(AuditEvent event) {
    events.add(event);
  }

  @Override
  public void close() {}
}
