package io.bulwark.audit.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.audit.TestAwait;
import io.bulwark.audit.TestEvents;
import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.chain.AuditSigningKey;
import io.bulwark.audit.file.ChainedFileOptions;
import io.bulwark.audit.verify.AuditVerifier;
import io.bulwark.core.config.FsyncPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FanOutAuditLogTest {

  private static final AuditSigningKey KEY = AuditKeys.generate();
  private static final ChainedFileOptions SMALL_FILES =
      ChainedFileOptions.defaults().withFsync(FsyncPolicy.BATCH).withMaxFileBytes(4096);
  private static final SinkOptions FAST_RETRY =
      SinkOptions.defaults()
          .withBackoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(50), 0.2))
          .withCloseTimeout(Duration.ofMillis(200));

  @TempDir Path dir;

  /** Collects what it is given. */
  static final class ListSink implements AuditSink {
    final List<SinkRecord> received = Collections.synchronizedList(new ArrayList<>());

    @Override
    public String name() {
      return "list";
    }

    @Override
    public void write(List<SinkRecord> records) {
      received.addAll(records);
    }

    @Override
    public void close() {}
  }

  /** Never delivers. */
  static final class DownSink implements AuditSink {
    @Override
    public String name() {
      return "down";
    }

    @Override
    public void write(List<SinkRecord> records) throws IOException {
      throw new IOException("connection refused");
    }

    @Override
    public void close() {}
  }

  @Test
  void secondarySinkReceivesEveryChainedRecordInOrderAndTheCopyVerifies() throws IOException {
    ListSink sink = new ListSink();
    long last;
    try (FanOutAuditLog log = open(AuditMode.REQUIRED, sink, FAST_RETRY)) {
      for (int i = 0; i < 30; i++) {
        log.append(TestEvents.loginFailed("alice", i));
      }
      log.primary().checkpoint();
      last = log.primary().lastSeq();
      TestAwait.until("all records delivered", () -> sink.received.size() == last);
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < sink.received.size(); i++) {
      assertThat(sink.received.get(i).seq()).isEqualTo(i + 1L);
      lines.add(sink.received.get(i).line());
    }
    var result =
        new AuditVerifier(List.of(KEY.publicKey()), true)
            .verifyRecords(Path.of("copy"), lines.iterator());
    assertThat(result.ok()).as(String.valueOf(result.failure())).isTrue();
    assertThat(result.records()).isGreaterThanOrEqualTo(last);
  }

  @Test
  void requiredModeFailsClosedWhenThePrimaryCannotWrite() throws IOException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (FanOutAuditLog log =
        FanOutAuditLog.open(dir, KEY, SMALL_FILES, AuditMode.REQUIRED, List.of(), registry)) {
      breakNextRotation(log);
      assertThatThrownBy(() -> log.append(TestEvents.loginFailed("alice", 99)))
          .isInstanceOf(AuditUnavailableException.class)
          .hasMessageContaining("must be refused")
          .hasMessageNotContaining("alice");
      assertThatThrownBy(() -> log.append(TestEvents.loginFailed("bob", 100)))
          .isInstanceOf(AuditUnavailableException.class);
      assertThat(registry.counter("audit.append.failures").count()).isEqualTo(2);
    } catch (RuntimeException closeFailure) {
      // closing a broken log may report the earlier failure
    }
  }

  @Test
  void bestEffortModeCountsPrimaryFailuresAndGoesOn() throws IOException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FanOutAuditLog log =
        FanOutAuditLog.open(dir, KEY, SMALL_FILES, AuditMode.BEST_EFFORT, List.of(), registry);
    breakNextRotation(log);
    log.append(TestEvents.loginFailed("alice", 99));
    log.append(TestEvents.loginFailed("alice", 100));
    assertThat(registry.counter("audit.append.failures").count()).isEqualTo(2);
    log.close();
  }

  @Test
  void requiredModeFailsClosedWhenEverySinkQueueIsFullAndRecordsNothing() throws IOException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (FanOutAuditLog log =
        open(AuditMode.REQUIRED, new DownSink(), FAST_RETRY.withQueueCapacity(5), registry)) {
      List<Integer> accepted = new ArrayList<>();
      AuditUnavailableException refused = null;
      for (int i = 0; i < 20 && refused == null; i++) {
        try {
          log.append(TestEvents.loginFailed("alice", i));
          accepted.add(i);
        } catch (AuditUnavailableException e) {
          refused = e;
        }
      }
      assertThat(refused).isNotNull();
      long seq = log.primary().lastSeq();
      assertThatThrownBy(() -> log.append(TestEvents.loginFailed("alice", 50)))
          .isInstanceOf(AuditUnavailableException.class);
      assertThat(log.primary().lastSeq()).isEqualTo(seq);
      assertThat(log.backlog("down")).isEqualTo(5);
      assertThat(registry.get("audit.sink.backlog").tag("sink", "down").gauge().value())
          .isEqualTo(5);
      assertThat(registry.counter("audit.append.failures").count()).isEqualTo(2);
      TestAwait.until("a failed write", () -> log.failing("down"));
      assertThat(
              registry
                  .get("audit.sink.writes")
                  .tags("sink", "down", "result", "failure")
                  .counter()
                  .count())
          .isPositive();
    }
  }

  @Test
  void bestEffortModeKeepsWritingThePrimaryWhenSinkQueuesAreFull() throws IOException {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (FanOutAuditLog log =
        open(AuditMode.BEST_EFFORT, new DownSink(), FAST_RETRY.withQueueCapacity(3), registry)) {
      for (int i = 0; i < 10; i++) {
        log.append(TestEvents.loginFailed("alice", i));
      }
      assertThat(log.primary().lastSeq()).isGreaterThanOrEqualTo(10);
      assertThat(registry.counter("audit.sink.dropped", "sink", "down").count()).isPositive();
      assertThat(registry.counter("audit.append.failures").count()).isPositive();
    }
  }

  private FanOutAuditLog open(AuditMode mode, AuditSink sink, SinkOptions options)
      throws IOException {
    return open(mode, sink, options, new SimpleMeterRegistry());
  }

  private FanOutAuditLog open(
      AuditMode mode, AuditSink sink, SinkOptions options, SimpleMeterRegistry registry)
      throws IOException {
    return FanOutAuditLog.open(
        dir,
        KEY,
        ChainedFileOptions.defaults().withFsync(FsyncPolicy.BATCH),
        mode,
        List.of(new FanOutAuditLog.Secondary(sink, options)),
        registry);
  }

  /**
   * Fills the current file to its rotation size and takes the names the next file could have, so
   * the next append fails on an I/O error as on a full or failing disk.
   */
  private void breakNextRotation(FanOutAuditLog log) throws IOException {
    int n = 0;
    while (Files.size(log.primary().currentFile()) < 4096) {
      log.append(TestEvents.loginFailed("carol", n++));
    }
    long last = log.primary().lastSeq();
    for (long seq = last + 1; seq <= last + 2; seq++) {
      Files.writeString(dir.resolve(String.format("audit-%020d.jsonl", seq)), "taken");
    }
  }
}
