package io.bulwark.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.chain.AuditSigningKey;
import io.bulwark.audit.file.ChainedFileOptions;
import io.bulwark.audit.postgres.PostgresAuditSink;
import io.bulwark.audit.postgres.PostgresSinkConfig;
import io.bulwark.audit.sink.AuditMode;
import io.bulwark.audit.sink.FanOutAuditLog;
import io.bulwark.audit.sink.SinkOptions;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.config.FsyncPolicy;
import io.bulwark.core.id.Ulid;
import io.bulwark.testkit.FakeClock;
import io.bulwark.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AuditVerifyPostgresTest {
  @TempDir Path dir;

  private final TestPostgres postgres = TestPostgres.get();
  private final StringWriter out = new StringWriter();

  private int verify(String url, Path publicKey) {
    CommandLine command = new CommandLine(new AuditCommand());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(out, true));
    return command.execute(
        "verify",
        "--postgres",
        url,
        "--postgres-user",
        postgres.user(),
        "--public-key",
        publicKey.toString(),
        "--strict");
  }

  @Test
  void verifiesThePostgresCopyAndPointsAtAnEditedRow() throws Exception {
    String url = postgres.freshDatabase("cli_verify");
    Path keyFile = dir.resolve("keys/audit-signing.pem");
    AuditSigningKey key = AuditKeys.loadOrCreate(keyFile);
    SinkOptions options = SinkOptions.defaults();
    try (FanOutAuditLog log =
        FanOutAuditLog.open(
            dir.resolve("audit"),
            key,
            ChainedFileOptions.defaults().withFsync(FsyncPolicy.BATCH),
            AuditMode.REQUIRED,
            List.of(
                new FanOutAuditLog.Secondary(
                    PostgresAuditSink.open(
                        new PostgresSinkConfig(
                            url, postgres.user(), postgres.password(), 2, Duration.ofSeconds(2))),
                    options)),
            new SimpleMeterRegistry())) {
      Ulid.Generator ids = Ulid.generator(new FakeClock(Instant.parse("2026-03-01T10:00:00Z")));
      for (int i = 0; i < 12; i++) {
        log.append(
            AuditEvent.builder("auth.login.failed")
                .actor(new Actor("alice", null, "203.0.113.7", null))
                .target("user:alice")
                .action("login")
                .outcome(Outcome.FAILURE)
                .build(ids));
      }
    }
    Path publicKey = AuditKeys.publicKeyFile(keyFile);
    assertThat(verify(url, publicKey)).as(out.toString()).isZero();
    assertThat(out.toString()).startsWith("OK: 13 records (12 events, 1 checkpoint)");

    Properties credentials = new Properties();
    credentials.setProperty("user", postgres.user());
    if (postgres.password() != null) {
      credentials.setProperty("password", postgres.password());
    }
    try (Connection connection = DriverManager.getConnection(url, credentials);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "update audit_records set line = replace(line, 'alice', 'mallory') where seq = 5");
    }
    out.getBuffer().setLength(0);
    assertThat(verify(url, publicKey)).isEqualTo(1);
    assertThat(out.toString()).startsWith("FAILED: audit_records:5: seq 5");
  }
}
