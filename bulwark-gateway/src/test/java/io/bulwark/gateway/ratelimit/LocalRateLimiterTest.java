package io.bulwark.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest {
  private final RateLimitPolicy threePerHour =
      RateLimitPolicy.perPeriod("default", 3, Duration.ofHours(1));

  @Test
  void allowsTheCapacityThenDeniesWithRetryAfter() {
    var limiter = new LocalRateLimiter(100);

    for (int i = 2; i >= 0; i--) {
      RateLimitDecision d = limiter.decide(threePerHour, "user=alice");
      assertThat(d.allowed()).isTrue();
      assertThat(d.remaining()).isEqualTo(i);
      assertThat(d.source()).isEqualTo(RateLimitDecision.Source.LOCAL);
    }
    RateLimitDecision denied = limiter.decide(threePerHour, "user=alice");

    assertThat(denied.allowed()).isFalse();
    assertThat(denied.deniedStatus()).isEqualTo(429);
    assertThat(denied.retryAfterSeconds()).isBetween(1L, 1200L);
    assertThat(denied.headers()).containsKeys("RateLimit-Policy", "RateLimit", "Retry-After");
  }

  @Test
  void keepsSeparateBucketsPerKeyAndPolicy() {
    var limiter = new LocalRateLimiter(100);
    RateLimitPolicy other = RateLimitPolicy.perPeriod("other", 1, Duration.ofHours(1));

    for (int i = 0; i < 3; i++) {
      limiter.decide(threePerHour, "user=alice");
    }

    assertThat(limiter.decide(threePerHour, "user=alice").allowed()).isFalse();
    assertThat(limiter.decide(threePerHour, "user=bob").allowed()).isTrue();
    assertThat(limiter.decide(other, "user=alice").allowed()).isTrue();
  }

  @Test
  void refillsOverTime() throws InterruptedException {
    var limiter = new LocalRateLimiter(100);
    RateLimitPolicy fast = RateLimitPolicy.perPeriod("fast", 1, Duration.ofMillis(50));
    assertThat(limiter.decide(fast, "k").allowed()).isTrue();
    assertThat(limiter.decide(fast, "k").allowed()).isFalse();

    Thread.sleep(120);

    assertThat(limiter.decide(fast, "k").allowed()).isTrue();
  }

  @Test
  void holdsABoundedNumberOfBuckets() {
    var limiter = new LocalRateLimiter(50);

    for (int i = 0; i < 1000; i++) {
      limiter.decide(threePerHour, "ip=10.0.0." + i);
    }

    assertThat(limiter.size()).isLessThanOrEqualTo(50);
  }

  @Test
  void formatsHeadersPerTheRatelimitHeadersDraft() {
    var limiter = new LocalRateLimiter(10);
    RateLimitPolicy policy = new RateLimitPolicy("api", 100, 10, Duration.ofSeconds(6));

    RateLimitDecision d = limiter.decide(policy, "k");

    assertThat(d.policyHeader()).isEqualTo("\"api\";q=100;w=60");
    assertThat(d.rateLimitHeader()).matches("\"api\";r=99;t=[01]");
    assertThat(d.headers()).doesNotContainKey("Retry-After");
  }

  @Test
  void policiesRejectNonsense() {
    assertThatThrownBy(() -> RateLimitPolicy.perPeriod("a b", 1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RateLimitPolicy.perPeriod("a", 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateLimitPolicy("a", 1, 2, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
