package io.bulwark.audit.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.audit.TestEvents;
import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.chain.AuditSigningKey;
import io.bulwark.audit.verify.AuditVerifier;
import io.bulwark.audit.verify.VerificationResult;
import io.bulwark.core.config.FsyncPolicy;
import io.bulwark.testkit.FakeClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditRetentionTest {
  private static final Instant DAY0 = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dir;

  private final AuditSigningKey key = AuditKeys.generate();
  private final FakeClock clock = new FakeClock(DAY0);

  private ChainedFileOptions options() {
    return ChainedFileOptions.defaults()
        .withFsync(FsyncPolicy.OS)
        .withMaxFileBytes(4096)
        .withCheckpoints(10, Duration.ofHours(1))
        .withClock(clock);
  }

  private void append(int count) throws IOException {
    try (ChainedFileAuditLog log = ChainedFileAuditLog.open(dir, key, options())) {
      for (int i = 0; i < count; i++) {
        log.append(TestEvents.loginFailed("alice", i));
      }
    }
  }

  private VerificationResult verify() throws IOException {
    return new AuditVerifier(List.of(key.publicKey()), true).verifyDirectory(dir);
  }

  @Test
  void prunesOldFilesAndTheRestStillVerifiesFromTheSignedAnchor() throws IOException {
    append(60);
    clock.advance(Duration.ofDays(10));
    append(60);
    List<Path> before = AuditFiles.list(dir);

    AuditRetention.Result result = AuditRetention.pruneBefore(dir, DAY0.plus(Duration.ofDays(5)));

    assertThat(result.deleted()).isNotEmpty();
    assertThat(AuditFiles.list(dir)).hasSize(before.size() - result.deleted().size());
    assertThat(result.deleted()).allSatisfy(file -> assertThat(file).doesNotExist());
    VerificationResult verified = verify();
    assertThat(verified.ok()).as("%s", verified.failure()).isTrue();
    assertThat(verified.events()).isEqualTo(120);
    assertThat(verified.warnings()).anySatisfy(w -> assertThat(w).contains("pruned"));

    append(5); // the writer continues after a prune
    assertThat(verify().ok()).isTrue();
  }

  @Test
  void keepsEverythingNewerThanTheCutoffAndTheTwoNewestFiles() throws IOException {
    append(60);
    assertThat(AuditRetention.pruneBefore(dir, DAY0.minusSeconds(1)).deleted()).isEmpty();
    AuditRetention.Result all = AuditRetention.pruneBefore(dir, DAY0.plus(Duration.ofDays(1)));
    assertThat(AuditFiles.list(dir)).hasSize(2);
    assertThat(all.anchorSeq()).isPositive();
    assertThat(verify().ok()).isTrue();
  }

  @Test
  void anEditedAnchorOrAFileDeletedAfterItIsDetected() throws IOException {
    append(60);
    clock.advance(Duration.ofDays(10));
    append(60);
    AuditRetention.pruneBefore(dir, DAY0.plus(Duration.ofDays(5)));
    Path anchor = dir.resolve(AuditFiles.ANCHOR);
    String original = Files.readString(anchor, StandardCharsets.UTF_8);

    Files.writeString(anchor, original.replaceFirst("\"events\":(\\d+)", "\"events\":1"));
    VerificationResult edited = verify();
    assertThat(edited.ok()).isFalse();
    assertThat(edited.failure().format()).contains(AuditFiles.ANCHOR);

    Files.writeString(anchor, original);
    Files.delete(AuditFiles.list(dir).getFirst());
    VerificationResult gap = verify();
    assertThat(gap.ok()).isFalse();
    assertThat(gap.failure().problem()).contains("expected seq");
  }

  @Test
  void refusesToPruneWhileAWriterHoldsTheDirectory() throws IOException {
    append(60);
    try (ChainedFileAuditLog log = ChainedFileAuditLog.open(dir, key, options())) {
      assertThatThrownBy(() -> AuditRetention.pruneBefore(dir, Instant.MAX))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("open in a writer");
    }
  }
}
