package io.bulwark.gateway.security;

import io.bulwark.core.problem.Problem;
import io.bulwark.gateway.chain.Attributes;
import io.bulwark.gateway.chain.RequestStage;
import io.bulwark.gateway.chain.RequestView;
import io.bulwark.gateway.chain.StageFactory;
import io.bulwark.gateway.chain.StageResult;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.ratelimit.RateLimitDecision;
import io.bulwark.gateway.ratelimit.RateLimitKeys;
import io.bulwark.gateway.ratelimit.RateLimitPolicy;
import io.bulwark.gateway.ratelimit.RateLimiter;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Applies a route's {@code rateLimit}: one token bucket per key (client, user, API key, source
 * address, route), in this gateway's memory or shared through Redis. Allowed responses carry {@code
 * RateLimit} and {@code RateLimit-Policy}; a denial is a 429 problem with {@code Retry-After} (503
 * when a fail-closed shared limiter cannot reach Redis). Thread-safe.
 */
public final class RateLimitStage implements RequestStage {
  private final RateLimiter limiter;
  private final RateLimitPolicy policy;
  private final RateLimitKeys keys;
  private final String routeId;

  RateLimitStage(RateLimiter limiter, RateLimitPolicy policy, RateLimitKeys keys, String routeId) {
    this.limiter = limiter;
    this.policy = policy;
    this.keys = keys;
    this.routeId = routeId;
  }

  /**
   * A factory adding this stage to every route with a {@code rateLimit}; the policy is named after
   * the route.
   *
   * @param local the in-memory limiter
   * @param shared the Redis-backed limiter, or {@code null} when no Redis is configured
   * @throws IllegalArgumentException (from the factory) if a route wants a shared limit and there
   *     is no shared limiter
   */
  public static StageFactory factory(RateLimiter local, RateLimiter shared) {
    return route -> {
      RouteConfig.RateLimit limit = route.rateLimit();
      if (limit == null) {
        return Optional.empty();
      }
      if (limit.shared() && shared == null) {
        throw new IllegalArgumentException(
            "route " + route.id() + " wants a shared rate limit but no Redis is configured");
      }
      return Optional.of(
          new RateLimitStage(
              limit.shared() ? shared : local,
              RateLimitPolicy.perPeriod(route.id(), limit.requests(), limit.period()),
              new RateLimitKeys(limit.keys()),
              route.id()));
    };
  }

  @Override
  public CompletionStage<StageResult> apply(RequestView request) {
    String key =
        keys.keyFor(
            request.attributes().get(AuthenticationStage.AUTHENTICATED).orElse(null),
            request.source().getAddress(),
            routeId);
    return limiter.tryConsume(policy, key).thenApply(RateLimitStage::result);
  }

  private static StageResult result(RateLimitDecision decision) {
    if (decision.allowed()) {
      return new StageResult.Continue(Attributes.EMPTY, java.util.Map.of(), decision.headers());
    }
    Problem problem =
        decision.deniedStatus() == 429
            ? Problem.of(429, "rate-limited", "Too Many Requests", "the rate limit is exhausted")
            : Problem.of(
                503,
                "rate-limit-unavailable",
                "Service Unavailable",
                "the shared rate limit cannot be checked");
    return new StageResult.Reject(problem, decision.headers());
  }
}
