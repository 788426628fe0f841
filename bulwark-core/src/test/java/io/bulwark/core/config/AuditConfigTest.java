package io.bulwark.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditConfigTest {
  @TempDir Path dir;

  private final ConfigLoader loader = new ConfigLoader();

  private AuditConfig load(String yaml, Map<String, String> env) throws IOException {
    Path file = dir.resolve("bulwark.yaml");
    Files.writeString(file, yaml);
    return loader.load(Optional.of(file), env, Map.of()).audit();
  }

  @Test
  void bindsEverySinkDetectionAndAlertKey() throws IOException {
    AuditConfig audit =
        load(
            """
            audit:
              mode: best_effort
              host: 0.0.0.0
              port: 19902
              postgres:
                url: jdbc:postgresql://db:5432/bulwark
                user: auditor
              webhookUrl: https://siem.example/audit
              syslog:
                host: logs.example.com
                port: 601
                tls: false
              detection:
                rulesDir: /etc/bulwark/rules
                businessZone: Europe/Paris
                businessHours: 09-17
                businessDays: sun-thu
                certIdentityPattern: ^spiffe://prod\\.example/.+$
              alerts:
                webhookUrl: https://hooks.slack.com/services/T/B/X
                maxPerRulePerMinute: 3
                retain: 50
            """,
            Map.of("BULWARK_AUDIT_POSTGRES_PASSWORD", "s3cret"));
    assertThat(audit.mode()).isEqualTo(AuditConfig.AuditFailureMode.BEST_EFFORT);
    assertThat(audit.host()).isEqualTo("0.0.0.0");
    assertThat(audit.port()).isEqualTo(19902);
    assertThat(audit.postgres().url()).contains("jdbc:postgresql://db:5432/bulwark");
    assertThat(audit.postgres().user()).contains("auditor");
    assertThat(audit.postgres().password())
        .hasValueSatisfying(p -> {
          assertThat(p.reveal()).isEqualTo("s3cret");
          assertThat(p.toString()).doesNotContain("s3cret");
        });
    assertThat(audit.toString()).doesNotContain("s3cret");
    assertThat(audit.webhookUrl()).hasValueSatisfying(u -> assertThat(u).hasHost("siem.example"));
    assertThat(audit.syslog())
        .isEqualTo(new AuditConfig.Syslog(Optional.of("logs.example.com"), 601, false));
    AuditConfig.Detection d = audit.detection();
    assertThat(d.rulesDir()).contains(Path.of("/etc/bulwark/rules"));
    assertThat(d.businessZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(d.businessStartHour()).isEqualTo(9);
    assertThat(d.businessEndHour()).isEqualTo(17);
    assertThat(d.businessDays())
        .containsExactlyInAnyOrder(
            DayOfWeek.SUNDAY,
            DayOfWeek.MONDAY,
            DayOfWeek.TUESDAY,
            DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY);
    assertThat(audit.alerts().maxPerRulePerMinute()).isEqualTo(3);
    assertThat(audit.alerts().retain()).isEqualTo(50);
  }

  @Test
  void defaultsAreRequiredModeNoSinksAndMondayToFridayEightToSixUtc() {
    AuditConfig audit = AuditConfig.defaults();
    assertThat(audit.mode()).isEqualTo(AuditConfig.AuditFailureMode.REQUIRED);
    assertThat(audit.port()).isEqualTo(9902);
    assertThat(audit.postgres().url()).isEmpty();
    assertThat(audit.syslog().host()).isEmpty();
    assertThat(audit.detection().businessDays()).hasSize(5).doesNotContain(DayOfWeek.SATURDAY);
    assertThat(audit.detection().businessStartHour()).isEqualTo(8);
  }

  @Test
  void reportsBadValuesByKeyWithoutEchoingThem() {
    assertThatThrownBy(() -> load("audit:\n  mode: sometimes\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("audit.mode");
    assertThatThrownBy(() -> load("audit:\n  detection:\n    businessDays: mon-funday\n", Map.of()))
        .hasMessageContaining("audit.detection.businessDays");
    assertThatThrownBy(() -> load("audit:\n  detection:\n    businessHours: 18-08\n", Map.of()))
        .hasMessageContaining("audit.detection.businessHours");
    assertThatThrownBy(
            () -> load("audit:\n  detection:\n    businessZone: Mars/Olympus\n", Map.of()))
        .hasMessageContaining("audit.detection.businessZone");
    assertThatThrownBy(
            () -> load("audit:\n  postgres:\n    url: mysql://secret-host/db\n", Map.of()))
        .hasMessageContaining("audit.postgres.url")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-host"));
    assertThatThrownBy(() -> load("audit:\n  alerts:\n    retain: 0\n", Map.of()))
        .hasMessageContaining("audit.alerts.retain");
  }
}
