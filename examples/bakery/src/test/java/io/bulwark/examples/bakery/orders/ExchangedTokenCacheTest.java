package io.bulwark.examples.bakery.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExchangedTokenCacheTest {
  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

  private Instant now = NOW;
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  @Test
  void handsOutATokenUntilShortlyBeforeItExpires() {
    ExchangedTokenCache cache = new ExchangedTokenCache(10, clock);
    cache.put("jti-1", new ExchangedTokenCache.Entry("t1", NOW.plusSeconds(300)));

    assertThat(cache.get("jti-1")).contains("t1");
    now = NOW.plusSeconds(300).minus(ExchangedTokenCache.RENEW_BEFORE).minusSeconds(1);
    assertThat(cache.get("jti-1")).contains("t1");
    now = NOW.plusSeconds(300).minus(ExchangedTokenCache.RENEW_BEFORE);
    assertThat(cache.get("jti-1")).isEmpty();
  }

  @Test
  void doesNotKeepATokenThatIsAboutToExpire() {
    ExchangedTokenCache cache = new ExchangedTokenCache(10, clock);

    cache.put("jti-1", new ExchangedTokenCache.Entry("t1", NOW.plus(Duration.ofSeconds(10))));

    assertThat(cache.get("jti-1")).isEmpty();
    assertThat(cache.size()).isZero();
  }

  @Test
  void holdsAtMostItsBound() {
    ExchangedTokenCache cache = new ExchangedTokenCache(2, clock);

    for (int i = 0; i < 50; i++) {
      cache.put("jti-" + i, new ExchangedTokenCache.Entry("t" + i, NOW.plusSeconds(300)));
    }

    assertThat(cache.size()).isLessThanOrEqualTo(2);
  }
}
