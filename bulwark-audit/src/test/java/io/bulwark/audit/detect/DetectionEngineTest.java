package io.bulwark.audit.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.core.audit.AuditEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionEngineTest {
  private static final Instant T0 = Instant.parse("2026-03-04T10:00:00Z");
  private final List<Detection> found = new ArrayList<>();

  private DetectionEngine engine(String yaml, int maxGroups) throws RuleLoadException {
    return new DetectionEngine(
        RuleLoader.parse("test.yaml", yaml), DetectionSettings.DEFAULTS, maxGroups, found::add);
  }

  private static final String BRUTE =
      """
      rules:
        - id: brute
          match: event.type == "auth.login.failed"
          groupBy: [event.target]
          window: 5m
          threshold: 3
      """;

  @Test
  void afterFiringAGroupStartsCountingAfresh() throws Exception {
    DetectionEngine engine = engine(BRUTE, 100);
    for (int i = 0; i < 5; i++) {
      engine.process(Events.loginFailed(T0.plusSeconds(i), "alice", "192.0.2.1"));
    }
    assertThat(found).hasSize(1);
    engine.process(Events.loginFailed(T0.plusSeconds(6), "alice", "192.0.2.1"));
    assertThat(found).hasSize(2);
  }

  @Test
  void boundsTheGroupsItHoldsByEvictingTheLeastRecentlyUsed() throws Exception {
    DetectionEngine engine = engine(BRUTE, 3);
    engine.process(Events.loginFailed(T0, "alice", "192.0.2.1"));
    engine.process(Events.loginFailed(T0.plusSeconds(1), "alice", "192.0.2.1"));
    for (int i = 0; i < 10; i++) {
      engine.process(Events.loginFailed(T0.plusSeconds(2 + i), "user" + i, "192.0.2.1"));
    }
    assertThat(engine.groups()).isEqualTo(3);
    assertThat(engine.evictedGroups()).isEqualTo(8);
    engine.process(Events.loginFailed(T0.plusSeconds(20), "alice", "192.0.2.1"));
    assertThat(found).as("alice's earlier failures were evicted").isEmpty();
  }

  @Test
  void dropsGroupsIdleForLongerThanTheWindow() throws Exception {
    DetectionEngine engine = engine(BRUTE, 100);
    for (int i = 0; i < 50; i++) {
      engine.process(Events.loginFailed(T0.plusSeconds(i), "user" + i, "192.0.2.1"));
    }
    engine.process(Events.loginFailed(T0.plusSeconds(3600), "late", "192.0.2.1"));
    assertThat(engine.groups()).isEqualTo(1);
  }

  @Test
  void windowsFollowEventTimesSoALateEventOutsideTheWindowDoesNotCount() throws Exception {
    DetectionEngine engine = engine(BRUTE, 100);
    engine.process(Events.loginFailed(T0.plusSeconds(600), "alice", "192.0.2.1"));
    engine.process(Events.loginFailed(T0.plusSeconds(601), "alice", "192.0.2.1"));
    engine.process(Events.loginFailed(T0, "alice", "192.0.2.1")); // 10 minutes late
    assertThat(found).isEmpty();
    engine.process(Events.loginFailed(T0.plusSeconds(590), "alice", "192.0.2.1")); // in window
    assertThat(found).singleElement().satisfies(d -> assertThat(d.eventIds()).hasSize(3));
  }

  @Test
  void anExpressionThatFailsOnAnEventCountsAsNoMatch() throws Exception {
    DetectionEngine engine =
        engine(
            """
            rules:
              - id: needs-detail
                match: event.details.kind == "x"
            """,
            10);
    AuditEvent without = Events.loginFailed(T0, "alice", "192.0.2.1");
    engine.process(without);
    assertThat(found).isEmpty();
    assertThat(engine.evaluationErrors()).isEqualTo(1);
  }

  @Test
  void anEventWithoutTheGroupKeyIsSkipped() throws Exception {
    DetectionEngine engine =
        engine(
            """
            rules:
              - id: by-ip
                match: event.type == "auth.login.failed"
                groupBy: [event.actor.sourceIp]
            """,
            10);
    engine.process(Events.loginFailed(T0, "alice", null));
    assertThat(found).isEmpty();
    engine.process(Events.loginFailed(T0, "alice", "192.0.2.1"));
    assertThat(found).singleElement().satisfies(d -> assertThat(d.group()).isEqualTo("192.0.2.1"));
  }
}
