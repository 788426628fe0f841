package io.bulwark.gateway.security;

import io.bulwark.core.problem.Problem;
import io.bulwark.gateway.auth.ApiKeyAuthenticator;
import io.bulwark.gateway.auth.AuthMethod;
import io.bulwark.gateway.auth.AuthenticatedPrincipal;
import io.bulwark.gateway.chain.Attributes;
import io.bulwark.gateway.chain.RequestStage;
import io.bulwark.gateway.chain.RequestView;
import io.bulwark.gateway.chain.StageFactory;
import io.bulwark.gateway.chain.StageResult;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.ratelimit.KeyPart;
import io.bulwark.gateway.ratelimit.RateLimitDecision;
import io.bulwark.gateway.ratelimit.RateLimitKeys;
import io.bulwark.gateway.ratelimit.RateLimitPolicy;
import io.bulwark.gateway.ratelimit.RateLimiter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Applies a route's {@code rateLimit}: one token bucket per key (client, user, API key, source
 * address, route), in this gateway's memory or shared through Redis. Allowed responses carry {@code
 * RateLimit} and {@code RateLimit-Policy}; a denial is a 429 problem with {@code Retry-After} (503
 * when a fail-closed shared limiter cannot reach Redis). Thread-safe.
 */
public final class RateLimitStage implements RequestStage {
  /** One bucket per API key, whatever the route. */
  private static final RateLimitKeys PER_KEY = new RateLimitKeys(List.of(KeyPart.API_KEY));

  private final RateLimiter limiter;
  private final RateLimitPolicy policy;
  private final RateLimitKeys keys;
  private final String routeId;
  private final ApiKeyAuthenticator apiKeys;
  private final RateLimiter keyLimiter;

  private RateLimitStage(
      RateLimiter limiter,
      RateLimitPolicy policy,
      RateLimitKeys keys,
      String routeId,
      ApiKeyAuthenticator apiKeys,
      RateLimiter keyLimiter) {
    this.limiter = limiter;
    this.policy = policy;
    this.keys = keys;
    this.routeId = routeId;
    this.apiKeys = apiKeys;
    this.keyLimiter = keyLimiter;
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
    return factory(local, shared, null);
  }

  /**
   * Like {@link #factory(RateLimiter, RateLimiter)}, and API keys with their own limit (from the
   * key file) count against their own bucket instead of the route's, on every route that
   * authenticates: one bucket per key across routes, shared through Redis when it is configured.
   *
   * @param apiKeys the API key authenticator, or {@code null} when there are no API keys
   */
  public static StageFactory factory(
      RateLimiter local, RateLimiter shared, ApiKeyAuthenticator apiKeys) {
    return route -> {
      RouteConfig.RateLimit limit = route.rateLimit();
      boolean perKey = apiKeys != null && route.auth() != RouteConfig.Auth.ANONYMOUS;
      if (limit == null && !perKey) {
        return Optional.empty();
      }
      if (limit != null && limit.shared() && shared == null) {
        throw new IllegalArgumentException(
            "route " + route.id() + " wants a shared rate limit but no Redis is configured");
      }
      return Optional.of(
          new RateLimitStage(
              limit != null && limit.shared() ? shared : local,
              limit == null
                  ? null
                  : RateLimitPolicy.perPeriod(route.id(), limit.requests(), limit.period()),
              limit == null ? null : new RateLimitKeys(limit.keys()),
              route.id(),
              perKey ? apiKeys : null,
              shared != null ? shared : local));
    };
  }

  @Override
  public CompletionStage<StageResult> apply(RequestView request) {
    AuthenticatedPrincipal principal =
        request.attributes().get(AuthenticationStage.AUTHENTICATED).orElse(null);
    if (apiKeys != null && principal != null && principal.method() == AuthMethod.API_KEY) {
      Optional<RateLimitPolicy> own = apiKeys.rateLimit(principal.clientId());
      if (own.isPresent()) {
        return keyLimiter
            .tryConsume(
                own.get(), PER_KEY.keyFor(principal, request.source().getAddress(), routeId))
            .thenApply(RateLimitStage::result);
      }
    }
    if (policy == null) {
      return CompletableFuture.completedFuture(StageResult.proceed());
    }
    String key = keys.keyFor(principal, request.source().getAddress(), routeId);
    return limiter.tryConsume(policy, key).thenApply(RateLimitStage::result);
  }

  private static StageResult result(RateLimitDecision decision) {
    if (decision.allowed() && decision.source() != RateLimitDecision.Source.UNAVAILABLE) {
      return new StageResult.Continue(
          Attributes.EMPTY,
          java.util.Map.of(),
          java.util.Map.of(
              "RateLimit-Policy",
              decision.policyHeader(),
              "RateLimit",
              decision.rateLimitHeader()));
    }
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
