package io.bulwark.gateway.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/** Turns Bucket4j probes into decisions. */
final class RateLimitDecisions {
  private RateLimitDecisions() {}

  static RateLimitDecision from(
      RateLimitPolicy policy, ConsumptionProbe probe, RateLimitDecision.Source source) {
    return new RateLimitDecision(
        probe.isConsumed(),
        policy,
        probe.getRemainingTokens(),
        Duration.ofNanos(probe.getNanosToWaitForReset()),
        probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill()),
        source);
  }
}
