/**
 * Rate limits: {@link io.bulwark.gateway.ratelimit.RateLimitPolicy} token buckets keyed by {@link
 * io.bulwark.gateway.ratelimit.RateLimitKeys}, decided by a {@link
 * io.bulwark.gateway.ratelimit.LocalRateLimiter} (this gateway) or a {@link
 * io.bulwark.gateway.ratelimit.ClusterRateLimiter} (shared in Redis, failing open or closed); a
 * {@link io.bulwark.gateway.ratelimit.RateLimitDecision} carries the {@code RateLimit}, {@code
 * RateLimit-Policy} and {@code Retry-After} headers.
 */
package io.bulwark.gateway.ratelimit;
