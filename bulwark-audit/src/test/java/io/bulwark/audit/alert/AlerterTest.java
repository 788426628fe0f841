package io.bulwark.audit.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.audit.detect.Detection;
import io.bulwark.audit.detect.DetectionEngine;
import io.bulwark.audit.detect.DetectionSettings;
import io.bulwark.audit.detect.RuleLoader;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.id.Ulid;
import io.bulwark.testkit.FakeClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlerterTest {
  private static final Instant T0 = Instant.parse("2026-03-04T10:00:00Z");
  private static final Ulid.Generator IDS = Ulid.generator(Clock.systemUTC());

  private final List<Alert> sent = new ArrayList<>();
  private final AlertSink recording =
      new AlertSink() {
        @Override
        public void send(Alert alert) {
          sent.add(alert);
        }

        @Override
        public void close() {}
      };
  private final FakeClock clock = new FakeClock(T0);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AlertStore store = new AlertStore(100);
  private final Alerter alerter = new Alerter(store, List.of(recording), 2, clock, registry);
  private final DetectionEngine engine =
      new DetectionEngine(RuleLoader.builtIn(), DetectionSettings.DEFAULTS, 100, alerter);

  private static AuditEvent failed(Instant time, String user, String ip) {
    return AuditEvent.builder("auth.login.failed")
        .actor(new Actor(null, "web", ip, null))
        .target("user:" + user)
        .action("login")
        .outcome(Outcome.FAILURE)
        .build(Clock.fixed(time, ZoneOffset.UTC), IDS);
  }

  @Test
  void anAlertLinksTheEventsThatRaisedIt() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      AuditEvent e = failed(T0.plusSeconds(i), "alice", "192.0.2." + i);
      ids.add(e.id());
      engine.process(e);
    }
    assertThat(sent)
        .singleElement()
        .satisfies(a -> {
          assertThat(a.rule()).isEqualTo("brute-force-account");
          assertThat(a.severity()).isEqualTo(Severity.HIGH);
          assertThat(a.group()).isEqualTo("user:alice");
          assertThat(a.eventIds()).containsExactlyElementsOf(ids);
          assertThat(a.firstEventAt()).isEqualTo(T0);
          assertThat(a.lastEventAt()).isEqualTo(T0.plusSeconds(9));
        });
    assertThat(store.find(AlertQuery.all())).containsExactlyElementsOf(sent);
  }

  @Test
  void aRepeatForTheSameRuleAndGroupWithinTheWindowIsMergedNotResent() {
    for (int i = 0; i < 30; i++) {
      engine.process(failed(T0.plusSeconds(i), "alice", "192.0.2." + i));
    }
    assertThat(sent).hasSize(1);
    List<Alert> stored =
        store.find(
            new AlertQuery(
                Optional.of("brute-force-account"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                10));
    assertThat(stored)
        .singleElement()
        .satisfies(a -> {
          assertThat(a.occurrences()).isEqualTo(3);
          assertThat(a.eventIds()).hasSize(30);
        });
    assertThat(registry.counter("audit.alerts.deduplicated").count()).isEqualTo(2.0);
  }

  @Test
  void theSameGroupAfterTheWindowRaisesANewAlert() {
    for (int i = 0; i < 10; i++) {
      engine.process(failed(T0.plusSeconds(i), "alice", "192.0.2." + i));
    }
    Instant later = T0.plus(Duration.ofMinutes(20));
    for (int i = 0; i < 10; i++) {
      engine.process(failed(later.plusSeconds(i), "alice", "192.0.2." + i));
    }
    assertThat(sent).hasSize(2).extracting(Alert::id).doesNotHaveDuplicates();
  }

  @Test
  void announcementsAreRateLimitedPerRuleButEveryAlertIsStored() {
    for (int u = 0; u < 5; u++) {
      for (int i = 0; i < 10; i++) {
        engine.process(failed(T0.plusSeconds(i), "user" + u, "192.0.2." + u));
      }
    }
    assertThat(sent).hasSize(2);
    assertThat(store.size()).isEqualTo(5);
    assertThat(registry.counter("audit.alerts.suppressed").count()).isEqualTo(3.0);
    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 10; i++) {
      engine.process(failed(T0.plusSeconds(60 + i), "user9", "192.0.2.9"));
    }
    assertThat(sent).hasSize(3);
  }

  @Test
  void anAlertCanBeRecordedInTheAuditLogItself() {
    List<AuditEvent> recorded = new ArrayList<>();
    io.bulwark.core.audit.AuditLog log =
        new io.bulwark.core.audit.AuditLog() {
          @Override
          public void append(AuditEvent event) {
            recorded.add(event);
          }

          @Override
          public void close() {}
        };
    Alerter recordingAlerter =
        new Alerter(
            new AlertStore(10), List.of(new AuditLogAlertSink(log, clock)), 10, clock, registry);
    var rule = RuleLoader.builtIn().getFirst();
    String first = IDS.next();
    String last = IDS.next();
    recordingAlerter.accept(new Detection(rule, "user:alice", List.of(first, last), T0, T0));
    assertThat(recorded)
        .singleElement()
        .satisfies(e -> {
          assertThat(e.type()).isEqualTo("alert.raised");
          assertThat(e.target()).isEqualTo("rule:" + rule.id());
          assertThat(e.details())
              .containsEntry("group", "user:alice")
              .containsEntry("events", "2")
              .containsEntry("firstEventId", first)
              .containsEntry("lastEventId", last)
              .containsEntry("severity", "high");
        });
  }

  @Test
  void theStoreListsNewestFirstFilteredAndBounded() {
    AlertStore small = new AlertStore(3);
    Alerter a = new Alerter(small, List.of(), 100, clock, registry);
    var rule = RuleLoader.builtIn().getFirst();
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      a.accept(new Detection(rule, "g" + i, List.of(IDS.next()), T0, T0));
    }
    assertThat(small.find(AlertQuery.all()))
        .extracting(Alert::group)
        .containsExactly("g4", "g3", "g2");
    assertThat(
            small.find(
                new AlertQuery(
                    Optional.empty(),
                    Optional.of(Severity.CRITICAL),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    10)))
        .isEmpty();
    assertThat(
            small.find(
                new AlertQuery(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of("g3"),
                    Optional.empty(),
                    Optional.empty(),
                    10)))
        .hasSize(1);
  }
}
