package io.bulwark.gateway.reload;

import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.id.Ulid;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what a file reload did: the counter {@code bulwark_gateway_reloads_total{source,outcome}}
 * and, when an audit log is there, a {@code gateway.reload} event (success or failure, with the
 * file and a reason that never contains file contents). Thread-safe.
 */
public final class ReloadEvents {
  /** What happened to one reload attempt. */
  public enum Result {
    /** The new contents are serving. */
    APPLIED,
    /** The file does not parse or validate; the old contents keep serving. */
    INVALID,
    /** Valid, but the change needs a restart; the old contents keep serving. */
    REJECTED
  }

  private static final Logger log = LoggerFactory.getLogger(ReloadEvents.class);

  private final AuditLog audit;
  private final MeterRegistry meters;
  private final Clock clock;
  private final Ulid.Generator ids;

  /**
   * @param audit where events go, or {@code null} when the process has no audit log
   */
  public ReloadEvents(AuditLog audit, MeterRegistry meters, Clock clock) {
    this.audit = audit;
    this.meters = meters;
    this.clock = clock;
    this.ids = Ulid.generator(clock);
  }

  /** Counts and audits one attempt on {@code file} of kind {@code source} ("config", ...). */
  public void record(String source, Path file, Result result, String reason) {
    Counter.builder("bulwark.gateway.reloads")
        .description("Reloads of the gateway's files, by what was reloaded and what happened")
        .tag("source", source)
        .tag("outcome", result.name().toLowerCase(java.util.Locale.ROOT))
        .register(meters)
        .increment();
    if (audit == null) {
      return;
    }
    AuditEvent.Builder event =
        AuditEvent.builder("gateway.reload")
            .target(file.toString())
            .action(source)
            .outcome(result == Result.APPLIED ? Outcome.SUCCESS : Outcome.FAILURE)
            .detail("result", result.name().toLowerCase(java.util.Locale.ROOT));
    if (reason != null) {
      event.reason(reason.length() > 1000 ? reason.substring(0, 1000) : reason);
    }
    try {
      audit.append(event.build(clock, ids));
    } catch (RuntimeException e) {
      log.error("cannot audit the {} reload: {}", source, e.getMessage());
    }
  }
}
