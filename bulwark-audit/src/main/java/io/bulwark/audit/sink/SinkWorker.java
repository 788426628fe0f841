package io.bulwark.audit.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one sink's queue on its own thread: takes the oldest batch, writes it, removes it only
 * once written, and after a failure waits {@link Backoff} before trying the same batch again.
 * Meters: {@code audit.sink.backlog{sink}}, {@code audit.sink.writes{sink,result}} (write calls),
 * {@code audit.sink.records{sink}} (records delivered), {@code audit.sink.dropped{sink}}.
 */
final class SinkWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SinkWorker.class);

  private final AuditSink sink;
  private final SinkOptions options;
  private final RecordQueue queue;
  private final Thread thread;
  private final Counter successes;
  private final Counter failures;
  private final Counter delivered;
  private final Counter dropped;
  private volatile boolean closing;
  private volatile long closeDeadline;
  private volatile boolean failing;

  SinkWorker(AuditSink sink, SinkOptions options, MeterRegistry registry) throws IOException {
    this.sink = sink;
    this.options = options;
    this.queue =
        new RecordQueue(options.queueCapacity(), options.spoolFile(), options.spoolMaxBytes());
    String name = sink.name();
    Gauge.builder("audit.sink.backlog", queue, RecordQueue::size)
        .tag("sink", name)
        .description("audit records waiting for delivery to the sink")
        .register(registry);
    this.successes = registry.counter("audit.sink.writes", "sink", name, "result", "success");
    this.failures = registry.counter("audit.sink.writes", "sink", name, "result", "failure");
    this.delivered = registry.counter("audit.sink.records", "sink", name);
    this.dropped = registry.counter("audit.sink.dropped", "sink", name);
    this.thread = Thread.ofPlatform().daemon().name("audit-sink-" + name).unstarted(this::run);
    thread.start();
  }

  String name() {
    return sink.name();
  }

  /** Queues {@code record}; false (and counted as dropped) if the queue has no room. */
  boolean offer(SinkRecord record) {
    boolean accepted;
    try {
      accepted = queue.offer(record);
    } catch (IOException e) {
      LOG.error("Audit sink {}: could not spool record seq {}", sink.name(), record.seq(), e);
      accepted = false;
    }
    if (!accepted) {
      dropped.increment();
    }
    LockSupport.unpark(thread);
    return accepted;
  }

  /** Whether the queue cannot take another record. */
  boolean saturated() {
    return queue.full();
  }

  /** Whether the last delivery attempt failed. */
  boolean failing() {
    return failing;
  }

  long backlog() {
    return queue.size();
  }

  private void run() {
    int attempt = 0;
    while (true) {
      List<SinkRecord> batch;
      try {
        batch = queue.peek(options.batchSize());
      } catch (IOException e) {
        LOG.error("Audit sink {}: cannot read its spool", sink.name(), e);
        failing = true;
        return;
      }
      if (batch.isEmpty()) {
        if (closing) {
          return;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        continue;
      }
      if (closing && System.nanoTime() - closeDeadline > 0) {
        return;
      }
      try {
        sink.write(batch);
        queue.remove(batch.size());
        successes.increment();
        delivered.increment(batch.size());
        if (failing) {
          LOG.info("Audit sink {}: delivering again", sink.name());
        }
        failing = false;
        attempt = 0;
      } catch (Exception e) {
        failures.increment();
        attempt++;
        if (!failing || attempt % 50 == 0) {
          LOG.warn(
              "Audit sink {}: delivery failed ({} records waiting), retrying: {}",
              sink.name(),
              queue.size(),
              e.toString());
        }
        failing = true;
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        pause(options.backoff().delay(attempt));
      }
    }
  }

  private void pause(Duration delay) {
    long until = System.nanoTime() + delay.toNanos();
    for (long left = delay.toNanos(); left > 0; left = until - System.nanoTime()) {
      if (closing && System.nanoTime() - closeDeadline > 0) {
        return;
      }
      Thread.interrupted();
      LockSupport.parkNanos(left);
    }
  }

  /** Delivers what is queued for up to the close timeout, then stops and closes the sink. */
  @Override
  public void close() {
    closeDeadline = System.nanoTime() + options.closeTimeout().toNanos();
    closing = true;
    LockSupport.unpark(thread);
    try {
      thread.join(options.closeTimeout().plusSeconds(1).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    long left = queue.size();
    if (left > 0) {
      LOG.warn(
          "Audit sink {}: closing with {} records undelivered{}",
          sink.name(),
          left,
          options.spoolFile() == null ? "" : " (kept in the spool)");
    }
    try {
      queue.close();
    } catch (IOException e) {
      LOG.error("Audit sink {}: could not save its queue to the spool", sink.name(), e);
    }
    sink.close();
  }
}
