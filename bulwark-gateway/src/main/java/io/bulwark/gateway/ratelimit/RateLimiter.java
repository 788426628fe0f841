package io.bulwark.gateway.ratelimit;

import java.util.concurrent.CompletionStage;

/**
 * Takes one token from the bucket {@code key} of {@code policy}. Implementations never block the
 * caller and their stages never fail: a problem becomes a decision. Implementations are
 * thread-safe.
 */
public interface RateLimiter {

  /**
   * Consumes a token for a request.
   *
   * @param key the bucket, from {@link RateLimitKeys}
   */
  CompletionStage<RateLimitDecision> tryConsume(RateLimitPolicy policy, String key);
}
