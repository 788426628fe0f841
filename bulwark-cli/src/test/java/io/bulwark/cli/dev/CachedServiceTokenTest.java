package io.bulwark.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.testkit.FakeClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedServiceTokenTest {
  private final FakeClock clock = new FakeClock();
  private final AtomicInteger fetches = new AtomicInteger();
  private final CachedServiceToken token =
      new CachedServiceToken(
          () ->
              new IdentityClient.AccessToken(
                  "token-" + fetches.incrementAndGet(), Duration.ofMinutes(5)),
          clock);

  @Test
  void reusesTheTokenUntilShortlyBeforeItExpires() {
    assertThat(token.get()).isEqualTo("token-1");
    clock.advance(Duration.ofMinutes(4));
    assertThat(token.get()).isEqualTo("token-1");
    clock.advance(Duration.ofSeconds(31));
    assertThat(token.get()).isEqualTo("token-2");
    assertThat(fetches).hasValue(2);
  }

  @Test
  void aVeryShortLivedTokenIsRenewedHalfwayThroughItsLife() {
    CachedServiceToken shortLived =
        new CachedServiceToken(
            () ->
                new IdentityClient.AccessToken(
                    "short-" + fetches.incrementAndGet(), Duration.ofSeconds(20)),
            clock);
    assertThat(shortLived.get()).isEqualTo("short-1");
    clock.advance(Duration.ofSeconds(9));
    assertThat(shortLived.get()).isEqualTo("short-1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(shortLived.get()).isEqualTo("short-2");
  }
}
