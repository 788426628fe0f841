package io.bulwark.bench.audit;

import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.chain.AuditSigningKey;
import io.bulwark.audit.file.ChainedFileAuditLog;
import io.bulwark.audit.file.ChainedFileOptions;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.config.FsyncPolicy;
import io.bulwark.core.id.Ulid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sustained appends of realistic events (actor, target, reason, details, trace id) into the
 * chained, signed file audit log, from 1, 2, 4, 64 and 256 threads: throughput in events/s and the
 * append latency distribution (p99 from SampleTime). With fsync {@code BATCH} (the default here) an
 * append returns once written and a background force follows within 10 ms; with {@code ALWAYS} it
 * returns once a force covers it, and concurrent appends share forces (group commit). Each trial
 * writes a fresh temporary directory, with the default 100 MiB rotation and a checkpoint every 1000
 * events.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class AuditAppendBenchmark {

  private static final int EVENTS = 4096;

  @Param({"BATCH"})
  public String fsync;

  /** Group-commit window in microseconds (ALWAYS only); 0 forces as soon as an append leads. */
  @Param({"0"})
  public int windowMicros;

  private Path dir;
  private ChainedFileAuditLog log;
  private AuditEvent[] events;
  private final AtomicLong next = new AtomicLong();

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("bulwark-audit-bench");
    AuditSigningKey key = AuditKeys.generate();
    log =
        ChainedFileAuditLog.open(
            dir.resolve("audit"),
            key,
            ChainedFileOptions.defaults()
                .withFsync(FsyncPolicy.valueOf(fsync))
                .withGroupCommit(
                    java.time.Duration.ofNanos(windowMicros * 1000L),
                    ChainedFileOptions.DEFAULT_GROUP_COMMIT_RECORDS));
    Ulid.Generator ids = Ulid.generator(Clock.systemUTC());
    String[] types = {"gateway.denied", "auth.login.failed", "token.issued", "secret.read"};
    events = new AuditEvent[EVENTS];
    for (int i = 0; i < EVENTS; i++) {
      events[i] =
          AuditEvent.builder(types[i % types.length])
              .actor(
                  new Actor(
                      "user-" + (i % 97),
                      "orders-web",
                      "10.0." + (i % 250) + "." + (i % 200),
                      "spiffe://bulwark.local/ns/shop/sa/orders"))
              .target("route:/orders/" + i)
              .action("POST")
              .outcome(i % 3 == 0 ? Outcome.DENIED : Outcome.SUCCESS)
              .reason(i % 3 == 0 ? "policy orders-write denied: missing scope orders:write" : null)
              .detail("policy", "orders-write")
              .detail("rule", "require-scope")
              .detail("method", "POST")
              .traceId(String.format("%032x", 0x4bf92f3577b34da6L * (i + 1)))
              .build(ids);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    log.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private void appendOne() {
    log.append(events[(int) (next.getAndIncrement() % EVENTS)]);
  }

  /** One appending thread: every append waits for its own force. */
  @Benchmark
  @Threads(1)
  public void append1Thread() {
    appendOne();
  }

  /** Two appending threads. */
  @Benchmark
  @Threads(2)
  public void append2Threads() {
    appendOne();
  }

  /** Four appending threads. */
  @Benchmark
  @Threads(4)
  public void append4Threads() {
    appendOne();
  }

  /**
   * Sixty-four appending threads, as a server with many concurrent requests has: under {@code
   * ALWAYS}, shows how far group commit spreads one force over many appends.
   */
  @Benchmark
  @Threads(64)
  public void append64Threads() {
    appendOne();
  }

  /** Two hundred and fifty-six appending threads (a busy gateway on virtual threads). */
  @Benchmark
  @Threads(256)
  public void append256Threads() {
    appendOne();
  }
}
