package io.bulwark.audit.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.audit.TestEvents;
import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.chain.AuditSigningKey;
import io.bulwark.audit.chain.ChainRecord;
import io.bulwark.audit.chain.Hashes;
import io.bulwark.audit.chain.RecordCodec;
import io.bulwark.audit.read.AuditReader;
import io.bulwark.audit.read.EventFilter;
import io.bulwark.audit.redact.Redaction;
import io.bulwark.audit.redact.Redactor;
import io.bulwark.audit.verify.AuditVerifier;
import io.bulwark.audit.verify.VerificationResult;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.config.FsyncPolicy;
import io.bulwark.testkit.FakeClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainedFileAuditLogTest {

  @TempDir Path dir;

  private final AuditSigningKey key = AuditKeys.generate();
  private final FakeClock clock = new FakeClock();

  private ChainedFileOptions options() {
    return ChainedFileOptions.defaults().withClock(clock);
  }

  private List<ChainRecord> records() throws IOException {
    List<ChainRecord> records = new ArrayList<>();
    for (Path file : AuditFiles.list(dir)) {
      for (String line : Files.readAllLines(file)) {
        records.add(RecordCodec.parse(line));
      }
    }
    return records;
  }

  private VerificationResult verify(boolean strict) throws IOException {
    return new AuditVerifier(List.of(key.publicKey()), strict).verifyDirectory(dir);
  }

  @Test
  void writesAChainThatVerifiesAndEndsWithASignedCheckpoint() throws IOException {
    try (ChainedFileAuditLog log = ChainedFileAuditLog.open(dir, key, options())) {
      for (int i = 0; i < 5; i++) {
        log.append(TestEvents.loginFailed("alice", i));
      }
    }

    List<ChainRecord> records = records();
    assertThat(records).hasSize(6);
    assertThat(records.get(0).prev()).isEqualTo(Hashes.GENESIS);
    for (int i = 1; i < records.size(); i++) {
      assertThat(records.get(i).seq()).isEqualTo(i + 1);
      assertThat(records.get(i).prev()).isEqualTo(records.get(i - 1).hash());
      assertThat(records.get(i).hashMatches()).isTrue();
    }
    ChainRecord last = records.get(5);
    assertThat(last.isCheckpoint()).isTrue();
    assertThat(last.checkpoint().headSeq()).isEqualTo(5);
    assertThat(last.checkpoint().events()).isEqualTo(5);
    assertThat(last.checkpoint().keyId()).isEqualTo(key.keyId());
    assertThat(HeadFile.read(dir)).get().extracting(h -> h.checkpoint().seq()).isEqualTo(6L);
    VerificationResult result = verify(true);
    assertThat(result.ok()).as("%s", result.failure()).isTrue();
    assertThat(result.events()).isEqualTo(5);
    assertThat(result.checkpoints()).isEqualTo(1);
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void createsFilesOnlyTheOwnerCanRead() throws IOException {
    try (ChainedFileAuditLog log = ChainedFileAuditLog.open(dir.resolve("audit"), key, options())) {
      log.append(TestEvents.loginFailed("alice", 1));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.currentFile())))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.directory())))
          .isEqualTo("rwx------");
    }
  }

  @Test
  void signsACheckpointEveryNEvents() throws IOException {
    try (ChainedFileAuditLog log =
        ChainedFileAuditLog.open(dir, key, options().withCheckpoints(3, Duration.ofHours(1)))) {
      for (int i = 0; i < 7; i++) {
        log.append(TestEvents.loginFailed("alice", i));
      }
      assertThat(records().stream().filter(ChainRecord::isCheckpoint).map(ChainRecord::seq))
          .containsExactly(4L, 8L);
    }
  }

  @Test
  void signsACheckpointWhenTheIntervalHasPassed() throws IOException {
    try (ChainedFileAuditLog log =
        ChainedFileAuditLog.open(
            dir, key, options().withCheckpoints(1000, Duration.ofSeconds(10)))) {
      log.append(TestEvents.loginFailed("alice", 1));
      log.checkpointIfDue();
      assertThat(records()).noneMatch(ChainRecord::isCheckpoint);

      clock.advance(Duration.ofSeconds(10));
      log.checkpointIfDue();
      assertThat(records()).filteredOn(ChainRecord::isCheckpoint).hasSize(1);

      log.append(TestEvents.loginFailed("alice", 2));
      clock.advance(Duration.ofSeconds(11));
      log.append(TestEvents.loginFailed("alice", 3));
      assertThat(records().get(records().size() - 1).isCheckpoint()).isTrue();
    }
  }

  @Test
  void rotatesFilesAndTheChainSpansThem() throws IOException {
    try (ChainedFileAuditLog log =
        ChainedFileAuditLog.open(dir, key, options().withMaxFileBytes(4096))) {
      for (int i = 0; i < 60; i++) {
        log.append(TestEvents.loginFailed("alice", i));
      }
    }

    List<Path> files = AuditFiles.list(dir);
    assertThat(files).hasSizeGreaterThan(3);
    for (int i = 1; i < files.size(); i++) {
      List<String> before = Files.readAllLines(files.get(i - 1));
      ChainRecord lastOfPrevious = RecordCodec.parse(before.get(before.size() - 1));
      ChainRecord first = RecordCodec.parse(Files.readAllLines(files.get(i)).get(0));
      assertThat(lastOfPrevious.isCheckpoint()).isTrue();
      assertThat(first.prev()).isEqualTo(lastOfPrevious.hash());
      assertThat(files.get(i).getFileName().toString()).isEqualTo(AuditFiles.fileName(first.seq()));
    }
    VerificationResult result = verify(true);
    assertThat(result.ok()).as("%s", result.failure()).isTrue();
    assertThat(result.events()).isEqualTo(60);
    assertThat(result.files()).isEqualTo(files.size());
  }

  @Test
  void restartContinuesTheChain() throws IOException {
    try (ChainedFileAuditLog log = ChainedFileAuditLog.open(dir, key, options())) {
      log.append(TestEvents.loginFailed("alice", 1));
    }
    try (ChainedFileAuditLog log = ChainedFileAuditLog.open(dir, key, options())) {
      assertThat(log.lastSeq()).isEqualTo(2);
      log.append(TestEvents.loginFailed("bob", 2));
    }

    List<ChainRecord> records = records();
    assertThat(records).extracting(ChainRecord::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(records.get(3).checkpoint().events()).isEqualTo(2);
    assertThat(verify(true).ok()).isTrue();
  }

  @Test
  void restartCutsATornLineAndSignsWhatACrashLeftUnsigned() throws IOException {
    ChainedFileAuditLog crashed = ChainedFileAuditLog.open(dir, key, options());
    crashed.append(TestEvents.loginFailed("alice", 0));
    crashed.checkpoint();
    crashed.append(TestEvents.loginFailed("alice", 1));
    crashed.append(TestEvents.loginFailed("alice", 2));
    Path file = crashed.currentFile();
    Files.write(
        file,
        "{\"event\":{\"id\":\"01".getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);
    VerificationResult beforeRestart = verify(false);
    assertThat(beforeRestart.ok()).isTrue();
    assertThat(beforeRestart.warnings())
        .anyMatch(w -> w.contains("incomplete last line"))
        .anyMatch(w -> w.contains("2 records after the last checkpoint are unsigned"));
    assertThat(verify(true).ok()).isFalse();
    abandon(crashed);

    try (ChainedFileAuditLog log = ChainedFileAuditLog.open(dir, key, options())) {
      assertThat(log.lastSeq()).isEqualTo(5);
      log.append(TestEvents.loginFailed("alice", 3));
    }

    assertThat(records())
        .extracting(ChainRecord::isCheckpoint)
        .containsExactly(false, true, false, false, true, false, true);
    assertThat(verify(true).ok()).isTrue();
  }

  /** Closes a writer's file handles without its clean-shutdown work, as a crash would. */
  private static void abandon(ChainedFileAuditLog log) {
    try {
      var schedulerField = ChainedFileAuditLog.class.getDeclaredField("scheduler");
      schedulerField.setAccessible(true);
      ((java.util.concurrent.ExecutorService) schedulerField.get(log)).shutdownNow();
      var channelField = ChainedFileAuditLog.class.getDeclaredField("lockChannel");
      channelField.setAccessible(true);
      ((java.nio.channels.FileChannel) channelField.get(log)).close();
      var fileField = ChainedFileAuditLog.class.getDeclaredField("channel");
      fileField.setAccessible(true);
      ((java.nio.channels.FileChannel) fileField.get(log)).close();
    } catch (ReflectiveOperationException | IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aSecondWriterIsRefused() throws IOException {
    try (ChainedFileAuditLog log = ChainedFileAuditLog.open(dir, key, options())) {
      assertThatThrownBy(() -> ChainedFileAuditLog.open(dir, key, options()))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("already open");
    }
  }

  @Test
  void appendAfterCloseFails() throws IOException {
    ChainedFileAuditLog log = ChainedFileAuditLog.open(dir, key, options());
    log.close();

    assertThatThrownBy(() -> log.append(TestEvents.loginFailed("alice", 1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void concurrentAppendsAllLandInOneValidChain() throws Exception {
    appendConcurrentlyAndVerify(Duration.ZERO);
  }

  @Test
  void concurrentAppendsWithAGroupCommitWindowAllLandInOneValidChain() throws Exception {
    appendConcurrentlyAndVerify(Duration.ofMillis(2));
  }

  private void appendConcurrentlyAndVerify(Duration window) throws Exception {
    int threads = 8;
    int perThread = 150;
    try (ChainedFileAuditLog log =
            ChainedFileAuditLog.open(
                dir,
                key,
                options()
                    .withFsync(FsyncPolicy.ALWAYS)
                    .withGroupCommit(window, 4)
                    .withMaxFileBytes(64 * 1024)
                    .withCheckpoints(100, Duration.ofHours(1)));
        ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String principal = "user" + t;
        done.add(
            pool.submit(() -> {
              for (int i = 0; i < perThread; i++) {
                log.append(TestEvents.loginFailed(principal, i));
              }
            }));
      }
      for (Future<?> future : done) {
        future.get(60, TimeUnit.SECONDS);
      }
    }

    VerificationResult result = verify(true);
    assertThat(result.ok()).as("%s", result.failure()).isTrue();
    assertThat(result.events()).isEqualTo(threads * perThread);
    assertThat(new AuditReader(dir).query(EventFilter.ALL))
        .extracting(AuditEvent::id)
        .doesNotHaveDuplicates()
        .hasSize(threads * perThread);
  }

  @Test
  void alwaysForcesEveryAppend() throws IOException {
    try (ChainedFileAuditLog log = ChainedFileAuditLog.open(dir, key, options())) {
      for (int i = 0; i < 4; i++) {
        log.append(TestEvents.loginFailed("alice", i));
      }
      assertThat(log.forceCount()).isEqualTo(4);
    }
  }

  @Test
  void alwaysSharesOneForceAmongAppendsWaitingTogether() throws Exception {
    int writers = 6;
    try (ChainedFileAuditLog log =
            ChainedFileAuditLog.open(dir, key, options().withFsync(FsyncPolicy.ALWAYS));
        ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      List<Future<?>> done = new ArrayList<>();
      try (AutoCloseable paused = log.pauseForces()) {
        for (int i = 0; i < writers; i++) {
          int n = i;
          done.add(pool.submit(() -> log.append(TestEvents.loginFailed("alice", n))));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (log.lastSeq() < writers && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        assertThat(log.lastSeq()).isEqualTo(writers);
        assertThat(done).noneMatch(Future::isDone);
      }
      for (Future<?> future : done) {
        future.get(30, TimeUnit.SECONDS);
      }
      assertThat(log.forceCount()).isEqualTo(1);
    }
  }

  @Test
  void batchAcknowledgesBeforeTheForceAndForcesInTheBackground() throws Exception {
    try (ChainedFileAuditLog log =
        ChainedFileAuditLog.open(dir, key, options().withFsync(FsyncPolicy.BATCH))) {
      long forcesBefore = log.forceCount();
      try (AutoCloseable paused = log.pauseForces()) {
        for (int i = 0; i < 5; i++) {
          log.append(TestEvents.loginFailed("alice", i));
        }
        assertThat(log.lastSeq()).isEqualTo(5);
        assertThat(log.forceCount()).isEqualTo(forcesBefore);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (log.forceCount() == forcesBefore && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertThat(log.forceCount()).isGreaterThan(forcesBefore);
    }
    assertThat(verify(true).ok()).isTrue();
  }

  @Test
  void osPolicyNeverForcesOnAppend() throws IOException {
    try (ChainedFileAuditLog log =
        ChainedFileAuditLog.open(dir, key, options().withFsync(FsyncPolicy.OS))) {
      log.append(TestEvents.loginFailed("alice", 1));
      assertThat(log.forceCount()).isZero();
    }
    assertThat(verify(true).ok()).isTrue();
  }

  @Test
  void configuredIdentifiersAreWrittenAsKeyedHmacs() throws IOException {
    byte[] hmacKey = Redactor.loadOrCreateKey(dir.resolve("keys/audit-hmac.key"));
    Redaction redaction = new Redaction(Set.of("path"), List.of("secret:"));
    Path logDir = dir.resolve("log");
    AuditEvent read =
        AuditEvent.builder("secret.read")
            .target("secret:kv/db/creds")
            .action("read")
            .outcome(Outcome.SUCCESS)
            .detail("path", "kv/db/creds")
            .detail("version", "3")
            .build(io.bulwark.core.id.Ulid.generator(clock));
    try (ChainedFileAuditLog log =
        ChainedFileAuditLog.open(logDir, key, options().withRedaction(redaction, hmacKey))) {
      log.append(read);
    }

    String content = Files.readString(AuditFiles.list(logDir).get(0));
    assertThat(content).doesNotContain("kv/db/creds");
    String hmac = new Redactor(redaction, hmacKey).hmac("kv/db/creds");
    assertThat(hmac).startsWith("hmac-sha256:").hasSize("hmac-sha256:".length() + 43);
    AuditEvent written = new AuditReader(logDir).query(EventFilter.ALL).get(0);
    assertThat(written.target()).isEqualTo("secret:" + hmac);
    assertThat(written.details()).containsEntry("path", hmac).containsEntry("version", "3");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("keys/audit-hmac.key"))))
        .isEqualTo("rw-------");
    assertThat(Redactor.loadOrCreateKey(dir.resolve("keys/audit-hmac.key"))).isEqualTo(hmacKey);
  }
}
