package io.bulwark.audit.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.Outcome;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ShippedRulesTest {
  private static final Instant T0 = Instant.parse("2026-03-04T10:00:00Z"); // a Wednesday

  private final List<Detection> detections = new ArrayList<>();
  private final DetectionEngine engine =
      new DetectionEngine(RuleLoader.builtIn(), DetectionSettings.DEFAULTS, 1000, detections::add);

  private List<Detection> feed(List<AuditEvent> events) {
    events.forEach(engine::process);
    return detections;
  }

  private List<Detection> of(String rule) {
    return detections.stream().filter(d -> d.rule().id().equals(rule)).toList();
  }

  private static Instant t(long seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void shipsEveryRuleOfTheIssue() {
    assertThat(engine.rules())
        .extracting(Rule::id)
        .containsExactly(
            "brute-force-account",
            "brute-force-ip",
            "credential-stuffing",
            "refresh-token-reuse",
            "refresh-token-replay-rejected",
            "token-used-after-revocation",
            "gateway-denial-burst",
            "admin-change-outside-business-hours",
            "policy-changed",
            "unexpected-certificate-identity");
  }

  @Nested
  class BruteForce {
    @Test
    void tenFailuresForOneAccountWithinFiveMinutesRaiseOneDetectionLinkingThem() {
      List<AuditEvent> events = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        events.add(Events.loginFailed(t(i * 25), "alice", "203.0.113." + i));
      }
      feed(events);
      assertThat(of("brute-force-account"))
          .singleElement()
          .satisfies(d -> {
            assertThat(d.group()).isEqualTo("user:alice");
            assertThat(d.eventIds())
                .containsExactlyElementsOf(events.stream().map(AuditEvent::id).toList());
          });
      assertThat(of("brute-force-ip")).isEmpty();
    }

    @Test
    void nineFailuresAreBelowTheThreshold() {
      for (int i = 0; i < 9; i++) {
        engine.process(Events.loginFailed(t(i), "alice", "203.0.113.7"));
      }
      engine.process(Events.login(t(10), "alice", "203.0.113.7"));
      assertThat(of("brute-force-account")).isEmpty();
    }

    @Test
    void failuresSpreadOverMoreThanFiveMinutesDoNotCount() {
      for (int i = 0; i < 12; i++) {
        engine.process(Events.loginFailed(t(i * 40), "alice", "203.0.113.7")); // 10 span 6 min
      }
      assertThat(of("brute-force-account")).isEmpty();
    }

    @Test
    void twentyFailuresFromOneAddressAcrossAccountsRaiseTheAddressRule() {
      for (int i = 0; i < 20; i++) {
        engine.process(Events.loginFailed(t(i), "user" + (i % 3), "198.51.100.66"));
      }
      assertThat(of("brute-force-ip"))
          .singleElement()
          .satisfies(d -> assertThat(d.group()).isEqualTo("198.51.100.66"));
    }
  }

  @Nested
  class CredentialStuffing {
    @Test
    void failuresForTenDistinctAccountsFromOneAddressRaiseIt() {
      List<AuditEvent> events = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        events.add(Events.loginFailed(t(i * 30), "victim" + i, "192.0.2.50"));
      }
      feed(events);
      assertThat(of("credential-stuffing"))
          .singleElement()
          .satisfies(d -> {
            assertThat(d.group()).isEqualTo("192.0.2.50");
            assertThat(d.eventIds()).hasSize(10);
          });
    }

    @Test
    void manyFailuresForFewAccountsAreNotStuffing() {
      for (int i = 0; i < 30; i++) {
        engine.process(Events.loginFailed(t(i), "victim" + (i % 9), "192.0.2.50"));
      }
      assertThat(of("credential-stuffing")).isEmpty();
    }

    @Test
    void distinctAccountsSpreadOverMoreThanTheWindowDoNotCount() {
      for (int i = 0; i < 10; i++) {
        engine.process(Events.loginFailed(t(i * 70), "victim" + i, "192.0.2.50")); // 10.5 min
      }
      assertThat(of("credential-stuffing")).isEmpty();
    }
  }

  @Nested
  class RefreshTokenReuse {
    @Test
    void theSameRefreshTokenRedeemedTwiceRaisesIt() {
      AuditEvent first = Events.refreshed(t(0), "rt-1", Outcome.SUCCESS);
      AuditEvent other = Events.refreshed(t(5), "rt-2", Outcome.SUCCESS);
      AuditEvent replay = Events.refreshed(t(3600), "rt-1", Outcome.SUCCESS);
      feed(List.of(first, other, replay));
      assertThat(of("refresh-token-reuse"))
          .singleElement()
          .satisfies(d -> {
            assertThat(d.group()).isEqualTo("rt-1");
            assertThat(d.eventIds()).containsExactly(first.id(), replay.id());
          });
    }

    @Test
    void rotatingTokensEachUsedOnceAndFailedRetriesAreFine() {
      feed(
          List.of(
              Events.refreshed(t(0), "rt-1", Outcome.SUCCESS),
              Events.refreshed(t(60), "rt-2", Outcome.SUCCESS),
              Events.refreshed(t(61), "rt-2", Outcome.FAILURE),
              Events.refreshed(t(120), "rt-3", Outcome.SUCCESS)));
      assertThat(of("refresh-token-reuse")).isEmpty();
    }

    @Test
    void aRedemptionMoreThanADayLaterIsOutsideTheWindow() {
      feed(
          List.of(
              Events.refreshed(t(0), "rt-1", Outcome.SUCCESS),
              Events.refreshed(t(Duration.ofHours(25).toSeconds()), "rt-1", Outcome.SUCCESS)));
      assertThat(of("refresh-token-reuse")).isEmpty();
    }

    @Test
    void aReplayRejectedByTheIdentityServerRaisesTheReplayRule() {
      engine.process(
          Events.at(
              t(0),
              AuditEvent.builder("token.refresh.reused")
                  .actor(new io.bulwark.core.audit.Actor("alice", "web", "198.51.100.4", null))
                  .target("user:alice")
                  .action("refresh")
                  .outcome(Outcome.FAILURE)
                  .reason("refresh token already rotated")
                  .detail("jti", "rt-1")));
      assertThat(of("refresh-token-replay-rejected"))
          .singleElement()
          .satisfies(d -> assertThat(d.group()).isEqualTo("web|user:alice"));
    }
  }

  @Nested
  class TokenUsedAfterRevocation {
    @Test
    void aSuccessfulUseAfterRevocationRaisesIt() {
      AuditEvent use = Events.gateway(t(0), "gateway.allowed", "alice", "at-9", Outcome.SUCCESS);
      AuditEvent revoke = Events.revoked(t(60), "at-9");
      AuditEvent late = Events.gateway(t(120), "gateway.allowed", "alice", "at-9", Outcome.SUCCESS);
      feed(List.of(use, revoke, late));
      assertThat(of("token-used-after-revocation"))
          .singleElement()
          .satisfies(d -> {
            assertThat(d.group()).isEqualTo("at-9");
            assertThat(d.eventIds()).containsExactly(revoke.id(), late.id());
          });
    }

    @Test
    void aDeniedUseAfterRevocationIsTheSystemWorking() {
      feed(
          List.of(
              Events.revoked(t(0), "at-9"),
              Events.gateway(t(1), "gateway.denied", "alice", "at-9", Outcome.DENIED),
              Events.gateway(t(2), "gateway.allowed", "alice", "at-10", Outcome.SUCCESS)));
      assertThat(of("token-used-after-revocation")).isEmpty();
    }

    @Test
    void useBeforeRevocationOrAfterTheWindowIsNotReported() {
      feed(
          List.of(
              Events.gateway(t(0), "gateway.allowed", "alice", "at-9", Outcome.SUCCESS),
              Events.revoked(t(10), "at-9"),
              Events.gateway(
                  t(10 + Duration.ofHours(25).toSeconds()),
                  "gateway.allowed",
                  "alice",
                  "at-9",
                  Outcome.SUCCESS)));
      assertThat(of("token-used-after-revocation")).isEmpty();
    }
  }

  @Nested
  class GatewayDenialBurst {
    @Test
    void twentyDenialsOfOnePrincipalInAMinuteRaiseIt() {
      for (int i = 0; i < 20; i++) {
        engine.process(
            Events.gateway(t(i * 2), "gateway.denied", "mallory", "at-" + i, Outcome.DENIED));
      }
      assertThat(of("gateway-denial-burst"))
          .singleElement()
          .satisfies(d -> assertThat(d.group()).isEqualTo("principal:mallory"));
    }

    @Test
    void denialsSpreadAcrossPrincipalsOrTimeDoNot() {
      for (int i = 0; i < 40; i++) {
        engine.process(
            Events.gateway(t(i), "gateway.denied", "user" + (i % 3), "a", Outcome.DENIED));
      }
      for (int i = 0; i < 20; i++) {
        engine.process(
            Events.gateway(t(100 + i * 4), "gateway.denied", "bob", "b", Outcome.DENIED));
      }
      assertThat(of("gateway-denial-burst")).isEmpty();
    }
  }

  @Nested
  class AdminChangeOutsideBusinessHours {
    @Test
    void aChangeAtNightOrOnSundayRaisesIt() {
      feed(
          List.of(
              Events.adminChanged(Instant.parse("2026-03-04T23:30:00Z"), "root"),
              Events.adminChanged(Instant.parse("2026-03-08T11:00:00Z"), "ops")));
      assertThat(of("admin-change-outside-business-hours"))
          .extracting(Detection::group)
          .containsExactly("root", "ops");
    }

    @Test
    void aChangeDuringBusinessHoursDoesNot() {
      feed(
          List.of(
              Events.adminChanged(Instant.parse("2026-03-04T08:00:00Z"), "root"),
              Events.adminChanged(Instant.parse("2026-03-06T17:59:59Z"), "root")));
      assertThat(of("admin-change-outside-business-hours")).isEmpty();
    }

    @Test
    void businessHoursFollowTheConfiguredZone() {
      List<Detection> found = new ArrayList<>();
      DetectionEngine paris =
          new DetectionEngine(
              RuleLoader.builtIn(),
              new DetectionSettings(
                  ZoneId.of("Europe/Paris"), 9, 17, Set.of(DayOfWeek.values()), ".*"),
              100,
              found::add);
      paris.process(Events.adminChanged(Instant.parse("2026-03-04T16:30:00Z"), "root")); // 17:30
      paris.process(Events.adminChanged(Instant.parse("2026-03-08T08:30:00Z"), "ops")); // Sun 9:30
      assertThat(found)
          .extracting(d -> d.rule().id() + "/" + d.group())
          .containsExactly("admin-change-outside-business-hours/root");
    }
  }

  @Nested
  class PolicyChanged {
    @Test
    void everyPolicyChangeRaisesIt() {
      feed(List.of(Events.policyChanged(t(0), "orders"), Events.policyChanged(t(5), "catalog")));
      assertThat(of("policy-changed"))
          .extracting(Detection::group)
          .containsExactly("policy:orders", "policy:catalog");
    }

    @Test
    void otherEventsDoNot() {
      feed(List.of(Events.adminChanged(t(0), "root"), Events.login(t(1), "alice", "10.0.0.1")));
      assertThat(of("policy-changed")).isEmpty();
    }
  }

  @Nested
  class UnexpectedCertificateIdentity {
    @Test
    void aCertificateOutsideTheTrustDomainRaisesIt() {
      feed(List.of(Events.certIssued(t(0), null, "spiffe://evil.example/ns/prod/sa/payments")));
      assertThat(of("unexpected-certificate-identity")).hasSize(1);
    }

    @Test
    void aWorkloadObtainingAnotherWorkloadsIdentityRaisesIt() {
      feed(
          List.of(
              Events.certIssued(
                  t(0),
                  "spiffe://bulwark.local/svc/catalog",
                  "spiffe://bulwark.local/svc/payments")));
      assertThat(of("unexpected-certificate-identity")).hasSize(1);
    }

    @Test
    void aWorkloadRenewingItsOwnIdentityIsExpected() {
      feed(
          List.of(
              Events.certIssued(
                  t(0), "spiffe://bulwark.local/svc/orders", "spiffe://bulwark.local/svc/orders"),
              Events.certIssued(t(1), null, "spiffe://bulwark.local/svc/catalog")));
      assertThat(of("unexpected-certificate-identity")).isEmpty();
    }
  }
}
