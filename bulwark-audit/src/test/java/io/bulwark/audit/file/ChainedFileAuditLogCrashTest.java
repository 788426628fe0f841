package io.bulwark.audit.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.chain.AuditSigningKey;
import io.bulwark.audit.read.AuditReader;
import io.bulwark.audit.read.EventFilter;
import io.bulwark.audit.verify.AuditVerifier;
import io.bulwark.audit.verify.VerificationResult;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.config.FsyncPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kills a writer process with SIGKILL under load and checks that every event it acknowledged is in
 * the log and that the log verifies, before and after a restart.
 */
class ChainedFileAuditLogCrashTest {

  private static final int ACKNOWLEDGED_BEFORE_KILL = 400;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(
      value = FsyncPolicy.class,
      names = {"ALWAYS", "BATCH"})
  void everyAcknowledgedEventSurvivesKillNine(FsyncPolicy policy) throws Exception {
    Path keyFile = dir.resolve("keys/audit-signing.pem");
    AuditSigningKey key = AuditKeys.loadOrCreate(keyFile);
    Path auditDir = dir.resolve("audit");
    Process writer =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CrashWriterMain.class.getName(),
                auditDir.toString(),
                keyFile.toString(),
                policy.name())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Thread reader =
        Thread.ofPlatform()
            .start(() -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  acknowledged.add(line);
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (acknowledged.size() < ACKNOWLEDGED_BEFORE_KILL
          && writer.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
    } finally {
      writer.destroyForcibly();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(TimeUnit.SECONDS.toMillis(30));
    }

    AuditVerifier verifier = new AuditVerifier(List.of(key.publicKey()), false);
    VerificationResult afterCrash = verifier.verifyDirectory(auditDir);
    assertThat(afterCrash.ok()).as("%s", afterCrash.failure()).isTrue();
    Set<String> written = ids(auditDir);
    assertThat(written).containsAll(acknowledged);

    ChainedFileAuditLog.open(auditDir, key, ChainedFileOptions.defaults()).close();
    VerificationResult afterRestart =
        new AuditVerifier(List.of(key.publicKey()), true).verifyDirectory(auditDir);
    assertThat(afterRestart.ok()).as("%s", afterRestart.failure()).isTrue();
    assertThat(ids(auditDir)).isEqualTo(written);
  }

  private static Set<String> ids(Path auditDir) throws IOException {
    return new AuditReader(auditDir)
        .query(EventFilter.ALL).stream().map(AuditEvent::id).collect(Collectors.toSet());
  }
}
