package io.bulwark.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.core.config.FsyncPolicy;
import io.bulwark.core.id.Ulid;
import io.bulwark.testkit.FakeClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlAuditLogTest {

  @TempDir Path dir;

  private final FakeClock clock = new FakeClock();
  private final Ulid.Generator ids = Ulid.generator(clock);

  private AuditEvent event(String target) {
    clock.advance(Duration.ofMillis(1));
    return AuditEvent.builder("token.issued")
        .actor(Actor.principal("alice").withClientId("cli"))
        .target(target)
        .action("issue")
        .outcome(Outcome.SUCCESS)
        .detail("jti", target)
        .build(ids);
  }

  @Test
  void eventsReadBackAsWritten() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    List<AuditEvent> written = List.of(event("a"), event("b"), event("c"));
    try (JsonlAuditLog log = JsonlAuditLog.open(file, FsyncPolicy.ALWAYS)) {
      written.forEach(log::append);
    }
    assertThat(JsonlAuditLog.read(file)).containsExactlyElementsOf(written);
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(3);
  }

  @Test
  void reopeningContinuesTheFile() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    AuditEvent first = event("first");
    AuditEvent second = event("second");
    try (JsonlAuditLog log = JsonlAuditLog.open(file, FsyncPolicy.OS)) {
      log.append(first);
    }
    try (JsonlAuditLog log = JsonlAuditLog.open(file, FsyncPolicy.OS)) {
      log.append(second);
    }
    assertThat(JsonlAuditLog.read(file)).containsExactly(first, second);
  }

  @Test
  void createsTheFileOwnerOnlyAndItsMissingParents() throws IOException {
    Path file = dir.resolve("data/audit/audit.jsonl");
    try (JsonlAuditLog log = JsonlAuditLog.open(file, FsyncPolicy.ALWAYS)) {
      log.append(event("x"));
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
  }

  @Test
  void concurrentAppendsFromManyThreadsProduceIntactLines() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    int threads = 16;
    int perThread = 200;
    List<AuditEvent> events = new ArrayList<>();
    for (int i = 0; i < threads * perThread; i++) {
      events.add(event("t" + i + "-" + "x".repeat(i % 300)));
    }
    try (JsonlAuditLog log = JsonlAuditLog.open(file, FsyncPolicy.OS);
        ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        List<AuditEvent> mine = events.subList(t * perThread, (t + 1) * perThread);
        futures.add(
            pool.submit(() -> {
              start.await();
              mine.forEach(log::append);
              return null;
            }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get();
      }
    }
    List<AuditEvent> read = JsonlAuditLog.read(file);
    assertThat(read).hasSameSizeAs(events);
    assertThat(new HashSet<>(read)).isEqualTo(new HashSet<>(events));
  }

  @Test
  void alwaysPolicyForcesEveryAppendToDisk() throws IOException {
    try (JsonlAuditLog always = JsonlAuditLog.open(dir.resolve("a.jsonl"), FsyncPolicy.ALWAYS);
        JsonlAuditLog os = JsonlAuditLog.open(dir.resolve("b.jsonl"), FsyncPolicy.OS)) {
      for (int i = 0; i < 5; i++) {
        always.append(event("a" + i));
        os.append(event("b" + i));
      }
      assertThat(always.forceCount()).isEqualTo(5);
      assertThat(os.forceCount()).isZero();
      assertThat(JsonlAuditLog.read(always.file())).hasSize(5);
    }
  }

  @Test
  void batchPolicyKeepsTheAlwaysGuaranteeInThisSimpleLog() throws IOException {
    try (JsonlAuditLog batch = JsonlAuditLog.open(dir.resolve("c.jsonl"), FsyncPolicy.BATCH)) {
      for (int i = 0; i < 3; i++) {
        batch.append(event("c" + i));
      }
      assertThat(batch.forceCount()).isEqualTo(3);
    }
  }

  @Test
  void aSecondWriterOnTheSameFileIsRefused() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    try (JsonlAuditLog log = JsonlAuditLog.open(file, FsyncPolicy.ALWAYS)) {
      assertThatThrownBy(() -> JsonlAuditLog.open(file, FsyncPolicy.ALWAYS))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("already open");
      log.append(event("still works"));
    }
    try (JsonlAuditLog reopened = JsonlAuditLog.open(file, FsyncPolicy.ALWAYS)) {
      assertThat(reopened.file()).isEqualTo(file.toAbsolutePath());
    }
  }

  @Test
  void aLineTornByACrashIsCutOffOnOpen() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    AuditEvent kept = event("kept");
    AuditEvent later = event("later");
    try (JsonlAuditLog log = JsonlAuditLog.open(file, FsyncPolicy.ALWAYS)) {
      log.append(kept);
    }
    byte[] torn = AuditEventJson.toJsonLine(event("torn"));
    Files.write(file, Arrays.copyOf(torn, torn.length / 2), StandardOpenOption.APPEND);

    try (JsonlAuditLog log = JsonlAuditLog.open(file, FsyncPolicy.ALWAYS)) {
      log.append(later);
    }
    assertThat(JsonlAuditLog.read(file)).containsExactly(kept, later);
  }

  @Test
  void aFileThatIsOnlyATornLineStartsEmpty() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    Files.writeString(file, "{\"id\":\"01AR" + "x".repeat(20_000));
    try (JsonlAuditLog log = JsonlAuditLog.open(file, FsyncPolicy.ALWAYS)) {
      log.append(event("fresh"));
    }
    assertThat(JsonlAuditLog.read(file)).hasSize(1);
  }

  @Test
  void appendingAfterCloseFails() throws IOException {
    JsonlAuditLog log = JsonlAuditLog.open(dir.resolve("audit.jsonl"), FsyncPolicy.ALWAYS);
    log.close();
    log.close();
    assertThatThrownBy(() -> log.append(event("late"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void readNamesTheFileAndLineOfABadEvent() throws IOException {
    Path file = dir.resolve("audit.jsonl");
    try (JsonlAuditLog log = JsonlAuditLog.open(file, FsyncPolicy.ALWAYS)) {
      log.append(event("one"));
    }
    Files.writeString(file, "{\"id\":\"bad\"}\n", StandardOpenOption.APPEND);
    assertThatThrownBy(() -> JsonlAuditLog.read(file))
        .isInstanceOfSatisfying(
            AuditLogFormatException.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.file()).isEqualTo(file);
              assertThat(e).hasMessageContaining(file + ":2");
            });
  }

  @Test
  void readRejectsBlankLinesAndInvalidUtf8() throws IOException {
    Path blank = dir.resolve("blank.jsonl");
    Files.writeString(blank, "\n");
    assertThatThrownBy(() -> JsonlAuditLog.read(blank)).isInstanceOf(AuditLogFormatException.class);
    Path binary = dir.resolve("binary.jsonl");
    Files.write(binary, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'});
    assertThatThrownBy(() -> JsonlAuditLog.read(binary))
        .isInstanceOf(AuditLogFormatException.class)
        .hasMessageContaining("UTF-8");
  }
}
