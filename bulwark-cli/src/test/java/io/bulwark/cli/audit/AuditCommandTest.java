package io.bulwark.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.chain.AuditSigningKey;
import io.bulwark.audit.file.AuditFiles;
import io.bulwark.audit.file.ChainedFileAuditLog;
import io.bulwark.audit.file.ChainedFileOptions;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditEventJson;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.id.Ulid;
import io.bulwark.testkit.FakeClock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditCommandTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private Path keyFile;
  private Path publicKey;
  private Path auditDir;

  private int run(String... args) {
    CommandLine command = new CommandLine(new AuditCommand());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  private AuditEvent event(String type, String principal, Outcome outcome, int minute) {
    FakeClock clock = new FakeClock(T0.plus(Duration.ofMinutes(minute)));
    return AuditEvent.builder(type)
        .actor(new Actor(principal, null, "203.0.113.7", null))
        .target("user:" + principal)
        .action("login")
        .outcome(outcome)
        .reason(outcome == Outcome.SUCCESS ? null : "bad password")
        .build(Ulid.generator(clock));
  }

  @BeforeEach
  void writeLog() throws IOException {
    keyFile = dir.resolve("keys/audit-signing.pem");
    assertThat(run("key", "init", "--key", keyFile.toString())).isZero();
    publicKey = AuditKeys.publicKeyFile(keyFile);
    out.getBuffer().setLength(0);
    auditDir = dir.resolve("audit");
    AuditSigningKey key = AuditKeys.load(keyFile);
    try (ChainedFileAuditLog log =
        ChainedFileAuditLog.open(
            auditDir, key, ChainedFileOptions.defaults().withClock(new FakeClock()))) {
      log.append(event("auth.login.failed", "alice", Outcome.FAILURE, 0));
      log.append(event("auth.login.failed", "alice", Outcome.FAILURE, 1));
      log.append(event("auth.login", "alice", Outcome.SUCCESS, 2));
      log.append(event("gateway.denied", "bob", Outcome.DENIED, 3));
    }
  }

  @Test
  void verifyPrintsOkAndExitsZero() {
    int status =
        run(
            "verify",
            "--dir",
            auditDir.toString(),
            "--public-key",
            publicKey.toString(),
            "--strict");

    assertThat(status).isZero();
    assertThat(out.toString().strip())
        .isEqualTo("OK: 5 records (4 events, 1 checkpoint) in 1 file; signed through seq 5");
  }

  @Test
  void verifyPrintsTheFirstBadRecordAndExitsOne() throws IOException {
    Path file = AuditFiles.list(auditDir).get(0);
    List<String> lines = Files.readAllLines(file);
    lines.set(1, lines.get(1).replace("bad password", "typo"));
    Files.write(file, lines);

    int status = run("verify", "--dir", auditDir.toString(), "--public-key", publicKey.toString());

    assertThat(status).isEqualTo(1);
    assertThat(out.toString())
        .startsWith("FAILED: " + file + ":2: seq 2 (id ")
        .contains("content does not match the record's hash (the record was edited)")
        .contains("1 record verified before it");
  }

  @Test
  void verifyChecksExplicitFilesAndRefusesAnotherKey() throws IOException {
    Path other = dir.resolve("other.pem");
    AuditKeys.loadOrCreate(other);
    String file = AuditFiles.list(auditDir).get(0).toString();

    assertThat(run("verify", file, "--public-key", publicKey.toString())).isZero();
    assertThat(run("verify", file, "--public-key", AuditKeys.publicKeyFile(other).toString()))
        .isEqualTo(1);
    assertThat(out.toString()).contains("FAILED: " + file + ":5: seq 5: checkpoint signed by");
  }

  @Test
  void verifyNeedsEitherADirectoryOrFiles() {
    assertThat(run("verify", "--public-key", publicKey.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required argument");
  }

  @Test
  void tailPrintsTheLastEventsForPeopleOrAsJson() {
    assertThat(run("tail", "-n", "2", auditDir.toString())).isZero();
    assertThat(out.toString().lines())
        .containsExactly(
            "2026-03-01T10:02:00Z  auth.login  success  alice  user:alice  -",
            "2026-03-01T10:03:00Z  gateway.denied  denied  bob  user:bob  bad password");

    out.getBuffer().setLength(0);
    assertThat(run("tail", "-n", "1", "--json", auditDir.toString())).isZero();
    AuditEvent parsed = AuditEventJson.parse(out.toString().strip());
    assertThat(parsed.type()).isEqualTo("gateway.denied");
  }

  @Test
  void tailFollowPrintsNewEventsUntilInterrupted() throws Exception {
    AuditSigningKey key = AuditKeys.load(keyFile);
    int[] status = {-1};
    Thread follower =
        Thread.ofPlatform()
            .start(() -> status[0] = run("tail", "-n", "1", "--follow", auditDir.toString()));
    try {
      awaitOutput("gateway.denied");
      try (ChainedFileAuditLog log =
          ChainedFileAuditLog.open(
              auditDir, key, ChainedFileOptions.defaults().withClock(new FakeClock()))) {
        log.append(event("token.revoked", "carol", Outcome.SUCCESS, 9));
      }
      awaitOutput("token.revoked");
    } finally {
      follower.interrupt();
      follower.join(30_000);
    }

    assertThat(out.toString().lines())
        .containsExactly(
            "2026-03-01T10:03:00Z  gateway.denied  denied  bob  user:bob  bad password",
            "2026-03-01T10:09:00Z  token.revoked  success  carol  user:carol  -");
    assertThat(status[0]).isZero();
  }

  private void awaitOutput(String text) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (!out.toString().contains(text) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(out.toString()).contains(text);
  }

  @Test
  void queryPrintsMatchingEvents() {
    assertThat(
            run(
                "query",
                auditDir.toString(),
                "--type",
                "auth.*",
                "--actor",
                "alice",
                "--outcome",
                "FAILURE",
                "--since",
                "2026-03-01T10:01:00Z",
                "--until",
                "2026-03-02"))
        .isZero();

    assertThat(out.toString().lines())
        .containsExactly(
            "2026-03-01T10:01:00Z  auth.login.failed  failure  alice  user:alice  bad password");
  }

  @Test
  void queryRejectsAnUnknownOutcome() {
    assertThat(run("query", auditDir.toString(), "--outcome", "maybe")).isEqualTo(2);
    assertThat(err.toString()).contains("success, failure, denied, error");
  }

  @Test
  void keyExportPrintsThePublicKeyThatVerifies() throws IOException {
    assertThat(run("key", "export", "--key", keyFile.toString())).isZero();

    assertThat(out.toString()).isEqualTo(Files.readString(publicKey));
  }
}
