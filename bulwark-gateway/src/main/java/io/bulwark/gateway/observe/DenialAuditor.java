package io.bulwark.gateway.observe;

import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.id.Ulid;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@code gateway.denied} audit event for each request the gateway refuses (hygiene or a
 * chain stage). Appends run on one background thread behind a bounded queue so a slow audit log
 * never stalls the event loop; when the queue is full the event is dropped and logged as an error.
 */
public final class DenialAuditor implements AutoCloseable {
  /** Audit event type. */
  public static final String EVENT_TYPE = "gateway.denied";

  /** Events that may wait for the audit log. */
  public static final int QUEUE_CAPACITY = 4096;

  private static final Logger log = LoggerFactory.getLogger(DenialAuditor.class);

  private final AuditLog auditLog;
  private final Ulid.Generator ids;
  private final ExecutorService executor;

  /** Audits into {@code auditLog}. */
  public DenialAuditor(AuditLog auditLog, Clock clock) {
    this.auditLog = auditLog;
    this.ids = Ulid.generator(clock);
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE_CAPACITY),
            r -> {
              Thread t = new Thread(r, "bulwark-gateway-audit");
              t.setDaemon(true);
              return t;
            },
            (r, e) -> log.error("audit queue full: a gateway denial was not audited"));
  }

  /** Queues the denial event for {@code r}. */
  public void denied(ExchangeRecord r) {
    AuditEvent event =
        AuditEvent.builder(EVENT_TYPE)
            .actor(new Actor(r.principal(), r.clientId(), r.sourceIp(), null))
            .target("route:" + (r.routeId() == null ? "none" : r.routeId()))
            .action(r.method())
            .outcome(Outcome.DENIED)
            .reason(r.denial())
            .detail("status", Integer.toString(r.status()))
            .detail("phase", r.denialPhase())
            .detail("path", r.path())
            .detail("listener", r.listener())
            .traceId(r.traceId())
            .build(ids);
    executor.execute(() -> {
      try {
        auditLog.append(event);
      } catch (RuntimeException e) {
        log.error("could not audit a gateway denial on route {}", r.routeId(), e);
      }
    });
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
