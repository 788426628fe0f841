package io.bulwark.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.chain.AuditSigningKey;
import io.bulwark.audit.file.AuditFiles;
import io.bulwark.audit.file.ChainedFileAuditLog;
import io.bulwark.audit.file.ChainedFileOptions;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.config.FsyncPolicy;
import io.bulwark.core.id.Ulid;
import io.bulwark.testkit.FakeClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditPruneCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    CommandLine command = new CommandLine(new AuditCommand());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(out, true));
    return command.execute(args);
  }

  @Test
  void prunesOldFilesAndVerifyStillPassesStrictly() throws Exception {
    Path keyFile = dir.resolve("keys/audit-signing.pem");
    AuditSigningKey key = AuditKeys.loadOrCreate(keyFile);
    FakeClock clock = new FakeClock(Instant.parse("2025-01-01T00:00:00Z"));
    Path audit = dir.resolve("audit");
    try (ChainedFileAuditLog log =
        ChainedFileAuditLog.open(
            audit,
            key,
            ChainedFileOptions.defaults()
                .withFsync(FsyncPolicy.OS)
                .withMaxFileBytes(4096)
                .withCheckpoints(10, Duration.ofHours(1))
                .withClock(clock))) {
      Ulid.Generator ids = Ulid.generator(clock);
      for (int i = 0; i < 80; i++) {
        log.append(
            AuditEvent.builder("auth.login.failed")
                .actor(Actor.principal("alice"))
                .target("user:alice")
                .action("login")
                .outcome(Outcome.FAILURE)
                .build(ids));
      }
    }
    int filesBefore = AuditFiles.list(audit).size();

    assertThat(run("prune", "--dir", audit.toString(), "--older-than", "P30D")).isZero();
    assertThat(out.toString()).startsWith("Pruned ").contains("anchor.json");
    assertThat(AuditFiles.list(audit)).hasSize(2).hasSizeLessThan(filesBefore);

    out.getBuffer().setLength(0);
    assertThat(
            run(
                "verify",
                "--dir",
                audit.toString(),
                "--public-key",
                AuditKeys.publicKeyFile(keyFile).toString(),
                "--strict"))
        .as(out.toString())
        .isZero();
    assertThat(out.toString()).startsWith("OK:").contains("80 events").contains("pruned");
  }
}
