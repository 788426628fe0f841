package io.bulwark.gateway.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.core.json.Json;
import io.bulwark.gateway.revocation.RevocationEvent.Kind;
import io.bulwark.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RevocationListTest {
  private final FakeClock clock = new FakeClock();
  private final Instant now = clock.instant();
  private final RevocationList list = new RevocationList(100, clock);

  private RevocationEvent event(Kind kind, String value, Instant issuedBefore, Duration ttl) {
    return new RevocationEvent(null, kind, value, issuedBefore, now.plus(ttl));
  }

  @Test
  void revokesATokenByJtiIssuedAtOrBeforeTheCutOff() {
    list.apply(event(Kind.JTI, "t1", now, Duration.ofMinutes(10)));

    assertThat(list.isRevoked("t1", null, "alice", now)).isTrue();
    assertThat(list.isRevoked("t1", null, "alice", now.minusSeconds(5))).isTrue();
    assertThat(list.isRevoked("t2", null, "alice", now)).isFalse();
  }

  @Test
  void aSessionOrSubjectRevocationSparesTokensIssuedAfterIt() {
    list.apply(event(Kind.SID, "s1", now, Duration.ofMinutes(10)));
    list.apply(event(Kind.SUB, "bob", now, Duration.ofMinutes(10)));

    assertThat(list.isRevoked("a", "s1", "carol", now.minusSeconds(1))).isTrue();
    assertThat(list.isRevoked("b", "s1", "carol", now.plusSeconds(1))).isFalse();
    assertThat(list.isRevoked("c", "s2", "bob", now.minusSeconds(1))).isTrue();
    assertThat(list.isRevoked("d", "s2", "bob", now.plusSeconds(1))).isFalse();
  }

  @Test
  void treatsATokenWithoutIatAsIssuedBeforeAnyRevocation() {
    list.apply(event(Kind.SUB, "bob", now, Duration.ofMinutes(10)));

    assertThat(list.isRevoked(null, null, "bob", null)).isTrue();
  }

  @Test
  void forgetsEntriesAfterTheyExpire() {
    list.apply(event(Kind.JTI, "t1", now, Duration.ofMinutes(1)));
    clock.advance(Duration.ofMinutes(2));

    assertThat(list.isRevoked("t1", null, null, now)).isFalse();
    list.apply(event(Kind.JTI, "t2", now, Duration.ofMinutes(5)));
    assertThat(list.size()).isEqualTo(1);
  }

  @Test
  void ignoresEventsAlreadyExpired() {
    list.apply(event(Kind.JTI, "t1", now, Duration.ZERO));

    assertThat(list.size()).isZero();
  }

  @Test
  void widensAnExistingEntry() {
    list.apply(event(Kind.SUB, "bob", now, Duration.ofMinutes(1)));
    list.apply(event(Kind.SUB, "bob", now.plusSeconds(30), Duration.ofMinutes(10)));
    list.apply(event(Kind.SUB, "bob", now.minusSeconds(30), Duration.ofMinutes(2)));

    clock.advance(Duration.ofMinutes(5));
    assertThat(list.isRevoked(null, null, "bob", now.plusSeconds(20))).isTrue();
    assertThat(list.size()).isEqualTo(1);
  }

  @Test
  void staysWithinItsCapacityByEvictingTheEntryClosestToExpiry() {
    RevocationList small = new RevocationList(3, clock);
    small.apply(event(Kind.JTI, "long", now, Duration.ofHours(3)));
    small.apply(event(Kind.JTI, "short", now, Duration.ofMinutes(1)));
    small.apply(event(Kind.JTI, "mid", now, Duration.ofHours(1)));
    small.apply(event(Kind.JTI, "new", now, Duration.ofHours(2)));

    assertThat(small.size()).isEqualTo(3);
    assertThat(small.evictions()).isEqualTo(1);
    assertThat(small.isRevoked("short", null, null, now)).isFalse();
    assertThat(small.isRevoked("long", null, null, now)).isTrue();
    assertThat(small.isRevoked("new", null, null, now)).isTrue();
  }

  @Test
  void parsesTheContractJsonAndSkipsUnknownKinds() throws Exception {
    RevocationEvent event =
        RevocationEvent.fromJson(
            Json.mapper()
                .readTree(
                    "{\"cursor\":\"c9\",\"kind\":\"sid\",\"value\":\"s1\","
                        + "\"issuedBefore\":\"2026-01-01T00:00:00Z\","
                        + "\"expiresAt\":\"2026-01-01T01:00:00+01:00\"}"));

    assertThat(event)
        .isEqualTo(
            new RevocationEvent(
                "c9",
                Kind.SID,
                "s1",
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z")));
    assertThat(
            RevocationEvent.fromJson(
                Json.mapper()
                    .readTree(
                        "{\"kind\":\"family\",\"value\":\"f\",\"issuedBefore\":\"2026-01-01T00:00:00Z\","
                            + "\"expiresAt\":\"2026-01-01T00:00:00Z\"}")))
        .isNull();
    assertThatThrownBy(() ->
            RevocationEvent.fromJson(
                Json.mapper()
                    .readTree(
                        "{\"kind\":\"jti\",\"value\":\"x\",\"issuedBefore\":\"yesterday\","
                            + "\"expiresAt\":\"2026-01-01T00:00:00Z\"}")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
