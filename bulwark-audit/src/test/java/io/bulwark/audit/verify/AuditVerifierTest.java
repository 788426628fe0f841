package io.bulwark.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.audit.TestEvents;
import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.chain.AuditSigningKey;
import io.bulwark.audit.chain.ChainRecord;
import io.bulwark.audit.chain.Checkpoint;
import io.bulwark.audit.chain.Hashes;
import io.bulwark.audit.chain.RecordCodec;
import io.bulwark.audit.file.AuditFiles;
import io.bulwark.audit.file.ChainedFileAuditLog;
import io.bulwark.audit.file.ChainedFileOptions;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.testkit.FakeClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tamper tests. The log holds 12 events with a checkpoint every 5 records: events at seq 1-5, 7-11,
 * 13-14 and checkpoints at seq 6, 12 and 15 (on close), one record per line.
 */
class AuditVerifierTest {

  @TempDir Path dir;

  private final AuditSigningKey key = AuditKeys.generate();
  private Path file;

  @BeforeEach
  void writeLog() throws IOException {
    ChainedFileOptions options =
        ChainedFileOptions.defaults()
            .withClock(new FakeClock())
            .withCheckpoints(5, Duration.ofHours(1));
    try (ChainedFileAuditLog log = ChainedFileAuditLog.open(dir, key, options)) {
      for (int i = 1; i <= 12; i++) {
        log.append(TestEvents.loginFailed(i == 7 ? "alice" : "bob", i));
      }
    }
    file = AuditFiles.list(dir).get(0);
  }

  private VerificationResult verify(boolean strict) throws IOException {
    return new AuditVerifier(List.of(key.publicKey()), strict).verifyDirectory(dir);
  }

  private List<String> lines() throws IOException {
    return new ArrayList<>(Files.readAllLines(file));
  }

  private void rewrite(List<String> lines) throws IOException {
    Files.writeString(file, String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"));
  }

  private static VerificationResult.Failure failure(VerificationResult result) {
    assertThat(result.ok()).as("verification should fail").isFalse();
    return result.failure();
  }

  @Test
  void untouchedLogVerifies() throws IOException {
    VerificationResult result = verify(true);

    assertThat(result.ok()).as("%s", result.failure()).isTrue();
    assertThat(result.records()).isEqualTo(15);
    assertThat(result.events()).isEqualTo(12);
    assertThat(result.checkpoints()).isEqualTo(3);
    assertThat(result.signedThrough()).isEqualTo(15);
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void editedFieldFailsAtThatRecord() throws IOException {
    List<String> lines = lines();
    String original = lines.get(7);
    assertThat(original).contains("\"alice\"");
    lines.set(7, original.replace("\"alice\"", "\"mallory\""));
    rewrite(lines);

    VerificationResult.Failure failure = failure(verify(false));

    assertThat(failure.file()).isEqualTo(file);
    assertThat(failure.line()).isEqualTo(8);
    assertThat(failure.seq()).isEqualTo(8);
    assertThat(failure.eventId()).isEqualTo(RecordCodec.parse(original).event().id());
    assertThat(failure.problem()).contains("edited");
    assertThat(failure.format()).startsWith(file + ":8: seq 8 (id ");
  }

  @Test
  void editedAndReHashedRecordFailsAtTheLinkAfterIt() throws IOException {
    List<String> lines = lines();
    ChainRecord original = RecordCodec.parse(lines.get(7));
    AuditEvent edited = TestEvents.loginFailed("mallory", 7);
    lines.set(
        7, lineOf(RecordCodec.eventRecord(8, RecordCodec.canonicalEvent(edited), original.prev())));
    rewrite(lines);

    VerificationResult.Failure failure = failure(verify(false));

    assertThat(failure.line()).isEqualTo(9);
    assertThat(failure.problem()).contains("prev does not match");
  }

  @Test
  void deletedLineFailsWhereItWas() throws IOException {
    List<String> lines = lines();
    lines.remove(7);
    rewrite(lines);

    VerificationResult.Failure failure = failure(verify(false));

    assertThat(failure.line()).isEqualTo(8);
    assertThat(failure.seq()).isEqualTo(9);
    assertThat(failure.problem()).contains("expected seq 8 but found 9");
  }

  @Test
  void reorderedLinesFailAtTheFirstOneOutOfPlace() throws IOException {
    List<String> lines = lines();
    Collections.swap(lines, 8, 9);
    rewrite(lines);

    VerificationResult.Failure failure = failure(verify(false));

    assertThat(failure.line()).isEqualTo(9);
    assertThat(failure.seq()).isEqualTo(10);
    assertThat(failure.problem()).contains("expected seq 9 but found 10");
  }

  @Test
  void truncationThatRemovesSignedRecordsFails() throws IOException {
    List<String> lines = lines();
    rewrite(lines.subList(0, 12));

    VerificationResult.Failure failure = failure(verify(false));

    assertThat(failure.line()).isEqualTo(13);
    assertThat(failure.seq()).isEqualTo(13);
    assertThat(failure.problem())
        .contains("log truncated")
        .contains("signed checkpoint at seq 15")
        .contains("ends at seq 12");
  }

  @Test
  void unsignedTailIsAWarningUnlessStrict() throws IOException {
    List<String> lines = lines();
    rewrite(lines.subList(0, 14));
    Files.delete(dir.resolve(AuditFiles.HEAD));

    VerificationResult lenient = verify(false);
    assertThat(lenient.ok()).isTrue();
    assertThat(lenient.signedThrough()).isEqualTo(12);
    assertThat(lenient.warnings())
        .contains("2 records after the last checkpoint are unsigned (seq 13..14)")
        .anyMatch(w -> w.startsWith("no head.json"));

    VerificationResult.Failure strict = failure(verify(true));
    assertThat(strict.line()).isEqualTo(13);
    assertThat(strict.seq()).isEqualTo(13);
    assertThat(strict.problem()).contains("unsigned");
  }

  @Test
  void fullyReHashedChainSignedWithAnotherKeyFailsAtItsFirstForgedCheckpoint() throws IOException {
    AuditSigningKey forger = AuditKeys.generate();
    forge(forger, forger.keyId());

    VerificationResult.Failure failure = failure(verify(false));

    assertThat(failure.line()).isEqualTo(12);
    assertThat(failure.seq()).isEqualTo(12);
    assertThat(failure.problem()).contains("unknown key " + forger.keyId());
  }

  @Test
  void forgedCheckpointClaimingTheRealKeyIdFailsItsSignature() throws IOException {
    forge(AuditKeys.generate(), key.keyId());

    VerificationResult.Failure failure = failure(verify(false));

    assertThat(failure.line()).isEqualTo(12);
    assertThat(failure.problem()).contains("signature is invalid");
  }

  /**
   * Replaces the alice event at seq 8, re-hashes every record after it, re-signs the checkpoints
   * that cover it with {@code forger} (naming {@code keyId}) and rewrites head.json to match: all a
   * forger without the private key can do.
   */
  private void forge(AuditSigningKey forger, String keyId) throws IOException {
    List<String> forged = new ArrayList<>();
    String prev = Hashes.GENESIS;
    long events = 0;
    String lastCheckpoint = null;
    for (String line : lines()) {
      ChainRecord record = RecordCodec.parse(line);
      RecordCodec.Encoded encoded;
      if (record.seq() < 8) {
        forged.add(line);
        prev = record.hash();
        events += record.isCheckpoint() ? 0 : 1;
        continue;
      }
      if (record.isCheckpoint()) {
        Checkpoint statement =
            new Checkpoint(prev, record.seq() - 1, events, record.checkpoint().time(), keyId);
        String sig = forger.sign(RecordCodec.canonicalCheckpoint(statement));
        encoded = RecordCodec.checkpointRecord(record.seq(), statement, sig, prev);
        lastCheckpoint = lineOf(encoded);
      } else {
        AuditEvent event =
            record.seq() == 8 ? TestEvents.loginFailed("mallory", 7) : record.event();
        encoded = RecordCodec.eventRecord(record.seq(), RecordCodec.canonicalEvent(event), prev);
        events++;
      }
      forged.add(lineOf(encoded));
      prev = encoded.hash();
    }
    rewrite(forged);
    Files.writeString(
        dir.resolve(AuditFiles.HEAD),
        "{\"file\":\"" + file.getFileName() + "\",\"checkpoint\":" + lastCheckpoint + "}\n");
  }

  @Test
  void tamperedHeadFileFails() throws IOException {
    Path head = dir.resolve(AuditFiles.HEAD);
    Files.writeString(head, Files.readString(head).replace("\"events\":12", "\"events\":11"));

    VerificationResult.Failure failure = failure(verify(false));

    assertThat(failure.file()).isEqualTo(head);
  }

  @Test
  void tornLastLineIsIgnoredWithAWarning() throws IOException {
    Files.writeString(
        file, "{\"event\":", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

    VerificationResult result = verify(true);

    assertThat(result.ok()).as("%s", result.failure()).isTrue();
    assertThat(result.warnings()).anyMatch(w -> w.contains("incomplete last line ignored"));
  }

  @Test
  void garbageLineFailsWithItsLineNumber() throws IOException {
    List<String> lines = lines();
    lines.set(2, "not json");
    rewrite(lines);

    VerificationResult.Failure failure = failure(verify(false));

    assertThat(failure.line()).isEqualTo(3);
    assertThat(failure.seq()).isEqualTo(-1);
    assertThat(failure.problem()).startsWith("not a valid record");
  }

  @Test
  void explicitFilesVerifyAsOneChain() throws IOException {
    VerificationResult result =
        new AuditVerifier(List.of(key.publicKey()), false).verifyFiles(List.of(file));

    assertThat(result.ok()).isTrue();
    assertThat(result.events()).isEqualTo(12);
  }

  @Test
  void missingMiddleFileFails() throws IOException {
    Path rotated = dir.resolve("rotated");
    ChainedFileOptions options =
        ChainedFileOptions.defaults().withClock(new FakeClock()).withMaxFileBytes(4096);
    try (ChainedFileAuditLog log = ChainedFileAuditLog.open(rotated, key, options)) {
      for (int i = 0; i < 40; i++) {
        log.append(TestEvents.loginFailed("bob", i));
      }
    }
    List<Path> files = AuditFiles.list(rotated);
    assertThat(files).hasSizeGreaterThan(2);
    Files.delete(files.get(1));

    VerificationResult.Failure failure =
        failure(new AuditVerifier(List.of(key.publicKey()), false).verifyDirectory(rotated));

    assertThat(failure.file()).isEqualTo(files.get(2));
    assertThat(failure.line()).isEqualTo(1);
    assertThat(failure.problem()).contains("expected seq");
  }

  private static String lineOf(RecordCodec.Encoded encoded) {
    String line = new String(encoded.line(), StandardCharsets.UTF_8);
    return line.substring(0, line.length() - 1);
  }
}
