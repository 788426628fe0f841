package io.bulwark.audit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.audit.TestAwait;
import io.bulwark.audit.TestEvents;
import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.chain.AuditSigningKey;
import io.bulwark.audit.file.ChainedFileOptions;
import io.bulwark.audit.sink.AuditMode;
import io.bulwark.audit.sink.Backoff;
import io.bulwark.audit.sink.FanOutAuditLog;
import io.bulwark.audit.sink.SinkOptions;
import io.bulwark.audit.verify.AuditVerifier;
import io.bulwark.audit.verify.VerificationResult;
import io.bulwark.core.config.FsyncPolicy;
import io.bulwark.testkit.TcpSwitch;
import io.bulwark.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresAuditSinkTest {

  private static final AuditSigningKey KEY = AuditKeys.generate();
  private static final SinkOptions OPTIONS =
      SinkOptions.defaults()
          .withBatchSize(16)
          .withBackoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), 0.2));

  @TempDir Path dir;

  private final TestPostgres postgres = TestPostgres.get();

  private PostgresSinkConfig config(String url) {
    return new PostgresSinkConfig(
        url, postgres.user(), postgres.password(), 2, Duration.ofSeconds(2));
  }

  private FanOutAuditLog open(PostgresSinkConfig config, SimpleMeterRegistry registry)
      throws IOException {
    return FanOutAuditLog.open(
        dir.resolve("audit"),
        KEY,
        ChainedFileOptions.defaults()
            .withFsync(FsyncPolicy.BATCH)
            .withCheckpoints(10, Duration.ofHours(1)),
        AuditMode.REQUIRED,
        List.of(new FanOutAuditLog.Secondary(PostgresAuditSink.open(config), OPTIONS)),
        registry);
  }

  @Test
  void writesEveryRecordAndTheTableVerifies() throws Exception {
    PostgresSinkConfig config = config(postgres.freshDatabase("audit_sink"));
    long last;
    try (FanOutAuditLog log = open(config, new SimpleMeterRegistry())) {
      for (int i = 0; i < 45; i++) {
        log.append(TestEvents.loginFailed("alice", i));
      }
      log.primary().checkpoint();
      last = log.primary().lastSeq();
      TestAwait.until("records stored", () -> log.backlog("postgres") == 0);
    }
    AuditVerifier verifier = new AuditVerifier(List.of(KEY.publicKey()), true);
    VerificationResult result = PostgresAuditVerifier.verify(config, verifier);
    assertThat(result.ok()).as(String.valueOf(result.failure())).isTrue();
    assertThat(result.records()).isGreaterThanOrEqualTo(last);
    assertThat(result.events()).isEqualTo(45);

    try (Connection connection = connect(config);
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "update audit_records set line = replace(line, 'alice', 'mallory') where seq = 7");
    }
    VerificationResult tampered = PostgresAuditVerifier.verify(config, verifier);
    assertThat(tampered.ok()).isFalse();
    assertThat(tampered.failure().format())
        .startsWith("audit_records:7: seq 7")
        .contains("the record was edited");
  }

  @Test
  void retriesWhileTheDatabaseIsDownAndDeliversEverythingInOrderWhenItIsBack() throws Exception {
    String direct = postgres.freshDatabase("audit_down");
    URI uri = URI.create(direct.substring("jdbc:".length()));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (TcpSwitch relay = new TcpSwitch(uri.getHost(), uri.getPort())) {
      PostgresSinkConfig viaRelay =
          config(direct.replace(":" + uri.getPort() + "/", ":" + relay.port() + "/"));
      long last;
      try (FanOutAuditLog log = open(viaRelay, registry)) {
        for (int i = 0; i < 30; i++) {
          log.append(TestEvents.loginFailed("alice", i));
        }
        TestAwait.until("failed attempts", () -> failures(registry) >= 2);
        assertThat(log.failing("postgres")).isTrue();
        assertThat(registry.get("audit.sink.backlog").tag("sink", "postgres").gauge().value())
            .isGreaterThanOrEqualTo(30);

        relay.on();
        for (int i = 30; i < 40; i++) {
          log.append(TestEvents.loginFailed("alice", i));
        }
        log.primary().checkpoint();
        last = log.primary().lastSeq();
        TestAwait.until("backlog delivered", () -> log.backlog("postgres") == 0);
        assertThat(log.failing("postgres")).isFalse();
      }
      List<Long> seqs = new ArrayList<>();
      try (Connection connection = connect(config(direct));
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("select seq from audit_records order by seq")) {
        while (rows.next()) {
          seqs.add(rows.getLong(1));
        }
      }
      assertThat(seqs).hasSizeGreaterThanOrEqualTo((int) last);
      for (int i = 0; i < seqs.size(); i++) {
        assertThat(seqs.get(i)).isEqualTo(i + 1L);
      }
      VerificationResult result =
          PostgresAuditVerifier.verify(
              config(direct), new AuditVerifier(List.of(KEY.publicKey()), true));
      assertThat(result.ok()).as(String.valueOf(result.failure())).isTrue();
    }
  }

  private static double failures(SimpleMeterRegistry registry) {
    var counter =
        registry.find("audit.sink.writes").tags("sink", "postgres", "result", "failure").counter();
    return counter == null ? 0 : counter.count();
  }

  private static Connection connect(PostgresSinkConfig config) throws SQLException {
    return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
  }
}
