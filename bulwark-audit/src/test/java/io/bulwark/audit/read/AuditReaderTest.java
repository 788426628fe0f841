package io.bulwark.audit.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.audit.TestEvents;
import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.file.ChainedFileAuditLog;
import io.bulwark.audit.file.ChainedFileOptions;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.Outcome;
import io.bulwark.testkit.FakeClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditReaderTest {

  @TempDir Path dir;

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private ChainedFileAuditLog open() throws IOException {
    return ChainedFileAuditLog.open(
        dir,
        AuditKeys.generate(),
        ChainedFileOptions.defaults().withClock(new FakeClock()).withMaxFileBytes(4096));
  }

  private void writeSample() throws IOException {
    try (ChainedFileAuditLog log = open()) {
      log.append(TestEvents.event("auth.login.failed", "alice", Outcome.FAILURE, T0));
      log.append(TestEvents.event("token.issued", "alice", Outcome.SUCCESS, T0.plusSeconds(60)));
      log.append(TestEvents.event("gateway.denied", "bob", Outcome.DENIED, T0.plusSeconds(120)));
      log.append(TestEvents.event("auth.login", "bob", Outcome.SUCCESS, T0.plusSeconds(180)));
    }
  }

  private List<String> types(EventFilter filter) throws IOException {
    return new AuditReader(dir).query(filter).stream().map(AuditEvent::type).toList();
  }

  @Test
  void filtersByTypeActorOutcomeAndTime() throws IOException {
    writeSample();

    assertThat(types(EventFilter.ALL))
        .containsExactly("auth.login.failed", "token.issued", "gateway.denied", "auth.login");
    assertThat(types(new EventFilter("auth.*", null, null, null, null)))
        .containsExactly("auth.login.failed", "auth.login");
    assertThat(types(new EventFilter("auth.login", null, null, null, null)))
        .containsExactly("auth.login");
    assertThat(types(new EventFilter(null, "bob", null, null, null)))
        .containsExactly("gateway.denied", "auth.login");
    assertThat(types(new EventFilter(null, null, Outcome.SUCCESS, null, null)))
        .containsExactly("token.issued", "auth.login");
    assertThat(types(new EventFilter(null, null, null, T0.plusSeconds(60), T0.plusSeconds(180))))
        .containsExactly("token.issued", "gateway.denied");
  }

  @Test
  void tailReturnsTheLastEventsAndACursorThatFollowsAcrossRotation() throws IOException {
    List<AuditEvent> seen = new ArrayList<>();
    try (ChainedFileAuditLog log = open()) {
      for (int i = 0; i < 30; i++) {
        log.append(TestEvents.loginFailed("alice", i));
      }
      AuditReader reader = new AuditReader(dir);
      AuditReader.Tail tail = reader.tail(3);
      assertThat(tail.events())
          .extracting(event -> event.details().get("attempt"))
          .containsExactly("27", "28", "29");

      for (int i = 30; i < 60; i++) {
        log.append(TestEvents.loginFailed("alice", i));
      }
      Cursor next = reader.read(tail.end(), seen::add);
      assertThat(reader.read(next, seen::add)).isEqualTo(next);
    }
    assertThat(seen)
        .extracting(event -> event.details().get("attempt"))
        .hasSize(30)
        .startsWith("30")
        .endsWith("59");
  }

  @Test
  void humanLineShowsTheEventAndEscapesControlCharacters() {
    AuditEvent event =
        AuditEvent.builder("auth.login.failed")
            .actor(new Actor(null, "web", null, null))
            .target("user:x\nFAKE LINE")
            .action("login")
            .outcome(Outcome.FAILURE)
            .build(io.bulwark.core.id.Ulid.generator(new FakeClock(T0)));

    assertThat(EventLines.human(event))
        .isEqualTo(
            "2026-03-01T10:00:00Z  auth.login.failed  failure  web  user:x\\u000aFAKE LINE  -");
  }
}
