package io.bulwark.identity.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.core.audit.Outcome;
import io.bulwark.identity.Browser;
import io.bulwark.identity.TestIdentity;
import io.bulwark.identity.user.LoginThrottle;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BruteForceTest {
  static final String PASSWORD = "correct horse battery staple";

  @TempDir Path dir;
  TestIdentity id;
  Browser browser;

  @BeforeEach
  void start() throws Exception {
    id = new TestIdentity(dir);
    id.secretClient("web", Set.of("authorization_code"), Set.of("openid"), List.of("orders"));
    id.server.users().create("alice", PASSWORD, List.of("customer"), List.of(), Map.of());
    browser = new Browser(id);
    browser.authorize(browser.query("web", "openid"));
  }

  @AfterEach
  void stop() {
    id.close();
  }

  private HttpResponse<String> attempt(String user, String password) throws Exception {
    return browser.submit("/login", "username", user, "password", password);
  }

  @Test
  void delaysAttemptsProgressivelyAfterAFewFailures() throws Exception {
    for (int i = 0; i < LoginThrottle.ACCOUNT_FREE_FAILURES + 1; i++) {
      assertThat(attempt("alice", "wrong password " + i).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> tooSoon = attempt("alice", PASSWORD);
    assertThat(tooSoon.statusCode()).isEqualTo(429);
    assertThat(tooSoon.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(tooSoon.body()).contains("Too many failed sign-in attempts");
    assertThat(id.audit.ofType("auth.login.failed"))
        .hasSize(LoginThrottle.ACCOUNT_FREE_FAILURES + 2)
        .last()
        .satisfies(e -> {
          assertThat(e.outcome()).isEqualTo(Outcome.DENIED);
          assertThat(e.target()).isEqualTo("user:alice");
          assertThat(e.details()).containsEntry("throttled", "account");
        });

    id.clock.advance(Duration.ofSeconds(2));
    assertThat(attempt("alice", PASSWORD).statusCode()).isEqualTo(303);
  }

  @Test
  void locksTheAccountOutAfterTooManyFailuresEvenForTheRightPassword() throws Exception {
    for (int i = 0; i < LoginThrottle.ACCOUNT_LOCKOUT_FAILURES; i++) {
      attempt("alice", "wrong password " + i);
      id.clock.advance(LoginThrottle.MAX_DELAY);
    }
    assertThat(id.audit.ofType("auth.lockout"))
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("scope", "account"));
    id.clock.advance(Duration.ofMinutes(5));
    assertThat(attempt("alice", PASSWORD).statusCode()).isEqualTo(429);

    id.clock.advance(LoginThrottle.LOCKOUT);
    assertThat(attempt("alice", PASSWORD).statusCode()).isEqualTo(303);
  }

  @Test
  void throttlesOneAddressGuessingAcrossManyAccounts() throws Exception {
    for (int i = 0; i < LoginThrottle.ADDRESS_FREE_FAILURES + 1; i++) {
      assertThat(attempt("user" + i, "wrong password " + i).statusCode()).isEqualTo(200);
    }
    assertThat(attempt("alice", PASSWORD).statusCode()).isEqualTo(429);
    assertThat(id.audit.ofType("auth.login.failed"))
        .filteredOn(e -> e.outcome() == Outcome.DENIED)
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).contains("address"));
  }
}
