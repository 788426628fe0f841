package io.bulwark.audit.sink;

import io.bulwark.audit.chain.AuditSigningKey;
import io.bulwark.audit.file.ChainedFileAuditLog;
import io.bulwark.audit.file.ChainedFileOptions;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log with secondary sinks: every event is appended to the {@link ChainedFileAuditLog}
 * (the primary, synchronous and durable per its fsync policy), and every record the chain gets
 * (events and checkpoints, as their exact JSON lines) is queued for each secondary {@link
 * AuditSink}, which a delivery thread per sink writes asynchronously with retries.
 *
 * <p>In {@link AuditMode#REQUIRED} mode {@link #append} throws {@link AuditUnavailableException}
 * when
 *
 * <ul>
 *   <li>the primary cannot write the event (an I/O error, a failed fsync, or a log broken or closed
 *       earlier), or
 *   <li>secondary sinks are configured and every one of them has a full queue (memory and spool),
 *       so the event could reach no remote copy; it is then refused before the primary writes it.
 * </ul>
 *
 * A sink that is failing but still has room in its queue does not fail appends: its records wait.
 * In {@link AuditMode#BEST_EFFORT} mode these cases are logged and counted in {@code
 * audit.append.failures}, and {@code append} returns (with a broken primary nothing is recorded).
 */
public final class FanOutAuditLog implements AuditLog {

  private static final Logger LOG = LoggerFactory.getLogger(FanOutAuditLog.class);

  /**
   * One secondary sink and how its records are queued.
   *
   * @param sink the destination
   * @param options its queue, batch, retry and spool settings
   */
  public record Secondary(AuditSink sink, SinkOptions options) {

    /** Validates the values. */
    public Secondary {
      Objects.requireNonNull(sink, "sink");
      Objects.requireNonNull(options, "options");
    }
  }

  private final ChainedFileAuditLog primary;
  private final List<SinkWorker> workers;
  private final AuditMode mode;
  private final Counter appendFailures;
  private volatile boolean primaryFailureLogged;

  private FanOutAuditLog(
      ChainedFileAuditLog primary, List<SinkWorker> workers, AuditMode mode, Counter failures) {
    this.primary = primary;
    this.workers = workers;
    this.mode = mode;
    this.appendFailures = failures;
  }

  /**
   * Opens the chained log in {@code dir} (see {@link ChainedFileAuditLog#open}) and starts a
   * delivery thread for each of {@code secondaries}; meters go to {@code registry}.
   *
   * @throws IOException if the directory or a spool file cannot be opened
   */
  public static FanOutAuditLog open(
      Path dir,
      AuditSigningKey key,
      ChainedFileOptions options,
      AuditMode mode,
      List<Secondary> secondaries,
      MeterRegistry registry)
      throws IOException {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(registry, "registry");
    List<SinkWorker> workers = new ArrayList<>();
    try {
      for (Secondary secondary : secondaries) {
        workers.add(new SinkWorker(secondary.sink(), secondary.options(), registry));
      }
      List<SinkWorker> fixed = List.copyOf(workers);
      ChainedFileAuditLog primary =
          ChainedFileAuditLog.open(
              dir,
              key,
              options,
              fixed.isEmpty()
                  ? null
                  : (seq, line) -> {
                    SinkRecord record = new SinkRecord(seq, line);
                    for (SinkWorker worker : fixed) {
                      worker.offer(record);
                    }
                  });
      return new FanOutAuditLog(primary, fixed, mode, registry.counter("audit.append.failures"));
    } catch (IOException | RuntimeException e) {
      workers.forEach(SinkWorker::close);
      throw e;
    }
  }

  /** The primary chained file log. */
  public ChainedFileAuditLog primary() {
    return primary;
  }

  /** The mode this log runs in. */
  public AuditMode mode() {
    return mode;
  }

  /** Records waiting for delivery to the sink named {@code name} (-1 if there is none). */
  public long backlog(String name) {
    return workers.stream()
        .filter(worker -> worker.name().equals(name))
        .mapToLong(SinkWorker::backlog)
        .findFirst()
        .orElse(-1);
  }

  /** Whether the last delivery attempt of the sink named {@code name} failed. */
  public boolean failing(String name) {
    return workers.stream().anyMatch(worker -> worker.name().equals(name) && worker.failing());
  }

  @Override
  public void append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    if (!workers.isEmpty() && workers.stream().allMatch(SinkWorker::saturated)) {
      fail("every audit sink's queue is full", null);
    }
    try {
      primary.append(event);
    } catch (UncheckedIOException | IllegalStateException e) {
      fail("the audit log could not record the event", e);
    }
  }

  private void fail(String problem, RuntimeException cause) {
    appendFailures.increment();
    if (mode == AuditMode.REQUIRED) {
      throw new AuditUnavailableException(problem + "; the operation must be refused", cause);
    }
    if (cause == null) {
      LOG.warn("Audit: {}; event recorded in the primary log only", problem);
      return;
    }
    if (!primaryFailureLogged) {
      primaryFailureLogged = true;
      LOG.error("Audit: {} (best-effort mode: going on without an audit trail)", problem, cause);
    }
  }

  /** Closes the primary (signing a last checkpoint), then drains and closes every sink. */
  @Override
  public void close() {
    RuntimeException failure = null;
    try {
      primary.close();
    } catch (RuntimeException e) {
      failure = e;
    }
    for (SinkWorker worker : workers) {
      worker.close();
    }
    if (failure != null) {
      throw failure;
    }
  }
}
