package io.bulwark.audit.detect;

import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AuditLog} that feeds every event its delegate recorded to a {@link DetectionEngine}.
 * Appenders never wait for detection: after the delegate's {@code append} returns, the event is
 * offered to a bounded queue that one thread drains into the engine; when the queue is full the
 * event is not analysed (it is still in the log) and {@code audit.detect.dropped} counts it.
 */
public final class DetectingAuditLog implements AuditLog {
  /** Default queue capacity. */
  public static final int DEFAULT_QUEUE = 65_536;

  private static final Logger LOG = LoggerFactory.getLogger(DetectingAuditLog.class);

  private final AuditLog delegate;
  private final DetectionEngine engine;
  private final BlockingQueue<AuditEvent> queue;
  private final Counter dropped;
  private final Thread worker;
  private volatile boolean closing;

  /**
   * Wraps {@code delegate}; events go to {@code engine} through a queue of {@code capacity}; meters
   * go to {@code registry}.
   */
  public DetectingAuditLog(
      AuditLog delegate, DetectionEngine engine, int capacity, MeterRegistry registry) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.dropped = registry.counter("audit.detect.dropped");
    registry.gauge("audit.detect.backlog", queue, BlockingQueue::size);
    registry.gauge("audit.detect.groups", engine, DetectionEngine::groups);
    registry.gauge("audit.detect.errors", engine, DetectionEngine::evaluationErrors);
    this.worker = Thread.ofPlatform().daemon().name("bulwark-detect").start(this::run);
  }

  @Override
  public void append(AuditEvent event) {
    delegate.append(event);
    if (!queue.offer(event)) {
      dropped.increment();
    }
  }

  private void run() {
    try {
      while (!closing || !queue.isEmpty()) {
        AuditEvent event = queue.poll(100, TimeUnit.MILLISECONDS);
        if (event == null) {
          continue;
        }
        try {
          engine.process(event);
        } catch (RuntimeException e) {
          LOG.error("Detection failed on event {}", event.id(), e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Events waiting for analysis. */
  public int backlog() {
    return queue.size();
  }

  /** The wrapped log. */
  public AuditLog delegate() {
    return delegate;
  }

  /**
   * Lets the engine finish the queue (for at most 5 s), so alerts it raises can still be recorded,
   * then closes the delegate.
   */
  @Override
  public void close() {
    closing = true;
    try {
      worker.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      worker.interrupt();
      delegate.close();
    }
  }
}
