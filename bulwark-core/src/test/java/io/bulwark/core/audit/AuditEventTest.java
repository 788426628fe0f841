package io.bulwark.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.core.id.Ulid;
import io.bulwark.testkit.FakeClock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuditEventTest {

  private final FakeClock clock = new FakeClock(Instant.parse("2026-02-03T04:05:06.789123Z"));
  private final Ulid.Generator ids = Ulid.generator(clock);

  private AuditEvent.Builder login() {
    return AuditEvent.builder("auth.login.failed")
        .target("user:alice")
        .action("login")
        .outcome(Outcome.FAILURE);
  }

  @Test
  void builderMakesAnEventAtTheClockTimeWithAMatchingUlid() {
    AuditEvent event =
        login()
            .actor(new Actor("alice", "web", "203.0.113.7", null))
            .reason("bad password")
            .detail("attempt", "3")
            .traceId("4bf92f3577b34da6a3ce929d0e0e4736")
            .build(ids);

    assertThat(event.type()).isEqualTo("auth.login.failed");
    assertThat(event.time()).isEqualTo(Instant.parse("2026-02-03T04:05:06.789Z"));
    assertThat(Ulid.timestampOf(event.id())).isEqualTo(event.time());
    assertThat(event.actor().principal()).isEqualTo("alice");
    assertThat(event.details()).containsExactly(Map.entry("attempt", "3"));
    assertThat(event.outcome()).isEqualTo(Outcome.FAILURE);
  }

  @Test
  void acceptsTheTypesComponentsUse() {
    for (String type :
        new String[] {
          "auth.login.failed",
          "token.issued",
          "gateway.denied",
          "admin.changed",
          "bakery.order.created",
          "secret.read",
          "policy.changed"
        }) {
      assertThat(
              AuditEvent.builder(type)
                  .target("t")
                  .action("a")
                  .outcome(Outcome.SUCCESS)
                  .build(ids)
                  .type())
          .isEqualTo(type);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "auth",
        "Auth.login",
        "auth..login",
        "auth.login-failed",
        "auth.login.",
        ".auth",
        "auth.lo9in",
        ""
      })
  void rejectsMalformedTypes(String type) {
    assertThatThrownBy(() ->
            AuditEvent.builder(type).target("t").action("a").outcome(Outcome.SUCCESS).build(ids))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password", "client_secret", "accessToken", "Authorization", "refresh-token",
        "API_KEY", "set.cookie", "db_credentials", "private-key", "new_passwd"
      })
  void refusesDetailKeysThatNameSecrets(String key) {
    assertThatThrownBy(() -> login().detail(key, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret")
        .hasMessageNotContaining("x\"");
    Map<String, String> details = Map.of(key, "x");
    assertThatThrownBy(() ->
            new AuditEvent(
                ids.next(),
                clock.instant(),
                "token.issued",
                null,
                "t",
                "a",
                Outcome.SUCCESS,
                null,
                details,
                null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void allowsIdentifiersOfSecretsSuchAsJtiAndKid() {
    AuditEvent event =
        login().detail("jti", "abc").detail("kid", "k1").detail("scope", "openid").build(ids);
    assertThat(event.details()).containsOnlyKeys("jti", "kid", "scope");
  }

  @Test
  void truncatesLongValuesWithoutSplittingACharacter() {
    String emoji = "\uD83D\uDE00";
    String tooLong = "a".repeat(1023) + emoji + "tail";
    AuditEvent event = login().detail("note", "b".repeat(5000)).reason(tooLong).build(ids);
    assertThat(event.details().get("note")).hasSize(AuditEvent.MAX_VALUE_LENGTH);
    assertThat(event.reason()).isEqualTo("a".repeat(1023));
  }

  @Test
  void refusesMoreThanThirtyTwoDetails() {
    AuditEvent.Builder builder = login();
    for (int i = 0; i < AuditEvent.MAX_DETAILS; i++) {
      builder.detail("k" + i, "v");
    }
    builder.detail("k0", "replaced");
    assertThatThrownBy(() -> builder.detail("one_more", "v"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(builder.build(ids).details()).hasSize(32).containsEntry("k0", "replaced");
  }

  @Test
  void detailsAreAnImmutableSortedCopy() {
    Map<String, String> source = new HashMap<>(Map.of("b", "2", "a", "1"));
    AuditEvent event =
        new AuditEvent(
            ids.next(),
            clock.instant(),
            "token.issued",
            Actor.NONE,
            "t",
            "a",
            Outcome.SUCCESS,
            null,
            source,
            null);
    source.put("c", "3");
    assertThat(event.details()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    assertThatThrownBy(() -> event.details().put("d", "4"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void skipsNullDetailValuesInTheBuilder() {
    assertThat(login().detail("client", null).build(ids).details()).isEmpty();
  }

  @Test
  void requiresTargetActionAndOutcome() {
    assertThatThrownBy(() ->
            AuditEvent.builder("token.issued").action("a").outcome(Outcome.SUCCESS).build(ids))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("target");
    assertThatThrownBy(() ->
            AuditEvent.builder("token.issued").target("t").outcome(Outcome.SUCCESS).build(ids))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("action");
    assertThatThrownBy(() -> AuditEvent.builder("token.issued").target("t").action("a").build(ids))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("outcome");
    assertThatThrownBy(() ->
            AuditEvent.builder("token.issued")
                .target(" ")
                .action("a")
                .outcome(Outcome.SUCCESS)
                .build(ids))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsTraceIdsThatAreNotW3c() {
    assertThatThrownBy(() -> login().traceId("not-a-trace").build(ids))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> login().traceId("4BF92F3577B34DA6A3CE929D0E0E4736").build(ids))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nullActorMeansNone() {
    assertThat(login().actor(null).build(ids).actor()).isEqualTo(Actor.NONE);
  }
}
