package io.bulwark.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.audit.alert.AlertQuery;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.config.AuditConfig;
import io.bulwark.core.config.FsyncPolicy;
import io.bulwark.core.id.Ulid;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditRoleTest {
  @TempDir Path dataDir;

  private AuditConfig config(Optional<Path> rulesDir) {
    AuditConfig defaults = new AuditConfig(AuditConfig.DEFAULT_DIR, FsyncPolicy.BATCH);
    AuditConfig.Detection d = defaults.detection();
    return new AuditConfig(
        defaults.dir(),
        defaults.fsync(),
        defaults.mode(),
        defaults.host(),
        defaults.port(),
        defaults.postgres(),
        defaults.webhookUrl(),
        defaults.syslog(),
        new AuditConfig.Detection(
            true,
            rulesDir,
            d.businessZone(),
            d.businessStartHour(),
            d.businessEndHour(),
            d.businessDays(),
            d.certIdentityPattern()),
        defaults.alerts());
  }

  @Test
  void everyAppendedEventReachesTheRulesAndRaisesAlerts() throws Exception {
    Ulid.Generator ids = Ulid.generator(Clock.systemUTC());
    try (AuditRole role =
        AuditRole.open(
            config(Optional.empty()), dataDir, new SimpleMeterRegistry(), Clock.systemUTC())) {
      assertThat(role.rules()).hasSizeGreaterThanOrEqualTo(8);
      for (int i = 0; i < 10; i++) {
        role.log()
            .append(
                AuditEvent.builder("auth.login.failed")
                    .actor(new Actor(null, "web", "203.0.113." + i, null))
                    .target("user:carol")
                    .action("login")
                    .outcome(Outcome.FAILURE)
                    .build(ids));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (role.alerts().size() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(role.alerts().find(AlertQuery.all()))
          .singleElement()
          .satisfies(a -> assertThat(a.rule()).isEqualTo("brute-force-account"));
    }
    assertThat(dataDir.resolve("audit")).isDirectory();
  }

  @Test
  void aBrokenRuleFileStopsStartWithItsLocation() throws Exception {
    Path rules = Files.createDirectories(dataDir.resolve("rules"));
    Files.writeString(
        rules.resolve("mine.yaml"), "rules:\n  - id: x\n    match: event.tpye == 'a'\n");
    assertThatThrownBy(() ->
            AuditRole.open(
                config(Optional.of(rules)), dataDir, new SimpleMeterRegistry(), Clock.systemUTC()))
        .isInstanceOf(AuditRole.BrokenRulesException.class)
        .hasMessageContaining("mine.yaml:3:")
        .hasMessageContaining("tpye");
    assertThat(dataDir.resolve("audit")).doesNotExist();
  }
}
