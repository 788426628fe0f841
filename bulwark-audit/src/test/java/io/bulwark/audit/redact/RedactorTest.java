package io.bulwark.audit.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.audit.TestEvents;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactorTest {

  @TempDir Path dir;

  private final byte[] key = new byte[32];

  @Test
  void sameValueGivesTheSameHmacAndAnotherKeyAnother() {
    Redactor redactor = new Redactor(Redaction.NONE, key);
    byte[] otherKey = Arrays.copyOf(key, 32);
    otherKey[0] = 1;

    assertThat(redactor.hmac("kv/db")).isEqualTo(redactor.hmac("kv/db"));
    assertThat(redactor.hmac("kv/db")).isNotEqualTo(redactor.hmac("kv/db2"));
    assertThat(new Redactor(Redaction.NONE, otherKey).hmac("kv/db"))
        .isNotEqualTo(redactor.hmac("kv/db"));
  }

  @Test
  void leavesEventsWithoutConfiguredIdentifiersAsTheyAre() {
    AuditEvent event = TestEvents.loginFailed("alice", 1);
    Redactor redactor = new Redactor(new Redaction(Set.of("path"), List.of("secret:")), key);

    assertThat(redactor.apply(event)).isSameAs(event);
  }

  @Test
  void hmacsConfiguredDetailsAndTargetsOnly() {
    Redactor redactor = new Redactor(new Redaction(Set.of("path"), List.of("secret:")), key);
    AuditEvent event =
        AuditEvent.builder("secret.read")
            .target("secret:kv/app")
            .action("read")
            .outcome(Outcome.SUCCESS)
            .detail("path", "kv/app")
            .detail("mount", "kv")
            .build(io.bulwark.core.id.Ulid.generator(java.time.Clock.systemUTC()));

    AuditEvent redacted = redactor.apply(event);

    assertThat(redacted.target()).isEqualTo("secret:" + redactor.hmac("kv/app"));
    assertThat(redacted.details())
        .containsEntry("path", redactor.hmac("kv/app"))
        .containsEntry("mount", "kv");
    assertThat(redacted.id()).isEqualTo(event.id());
  }

  @Test
  void secretsAreRefusedBeforeTheyReachTheLog() {
    assertThatThrownBy(() -> AuditEvent.builder("auth.login.failed").detail("password", "hunter2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void refusesAKeyFileOthersCanRead() throws IOException {
    Path file = dir.resolve("audit-hmac.key");
    Redactor.loadOrCreateKey(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

    assertThatThrownBy(() -> Redactor.loadOrCreateKey(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("chmod 600");
  }

  @Test
  void refusesAShortKey() {
    assertThatThrownBy(() -> new Redactor(Redaction.NONE, new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
