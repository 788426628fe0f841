package io.bulwark.gateway.revocation;

import io.bulwark.core.log.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where and how the gateway polls an identity server's revocation feed, {@code GET
 * {issuer}/revocations?since=<cursor>}, authenticated with {@code client_secret_basic} as a client
 * holding scope {@code revocations:read}.
 *
 * @param issuer the identity server's issuer URL (https, or http on loopback)
 * @param clientId the gateway's OAuth client id
 * @param clientSecret its secret (never logged)
 * @param interval time between polls when idle, at most {@link #MAX_INTERVAL}
 * @param requestTimeout timeout of one feed request
 * @param maxBackoff longest wait between polls after repeated failures
 * @param maxResponseBytes largest feed response read
 */
public record RevocationFeedSettings(
    URI issuer,
    String clientId,
    Secret clientSecret,
    Duration interval,
    Duration requestTimeout,
    Duration maxBackoff,
    int maxResponseBytes) {

  /** Longest poll interval allowed, so a revocation takes effect within a second. */
  public static final Duration MAX_INTERVAL = Duration.ofMillis(500);

  /** Default poll interval. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);

  /** Default request timeout. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(2);

  /** Default longest back-off. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);

  /** Default largest response. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

  public RevocationFeedSettings {
    Objects.requireNonNull(issuer, "issuer");
    String scheme = String.valueOf(issuer.getScheme()).toLowerCase(Locale.ROOT);
    boolean loopback =
        "localhost".equalsIgnoreCase(issuer.getHost())
            || "127.0.0.1".equals(issuer.getHost())
            || "[::1]".equals(issuer.getHost());
    if (issuer.getHost() == null
        || !(scheme.equals("https") || (scheme.equals("http") && loopback))) {
      throw new IllegalArgumentException("issuer must be an https URL (http only on loopback)");
    }
    if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isEmpty()) {
      throw new IllegalArgumentException("clientId and clientSecret are required");
    }
    requirePositive(interval, "interval");
    if (interval.compareTo(MAX_INTERVAL) > 0) {
      throw new IllegalArgumentException("interval must be at most " + MAX_INTERVAL);
    }
    requirePositive(requestTimeout, "requestTimeout");
    requirePositive(maxBackoff, "maxBackoff");
    if (maxResponseBytes < 1024) {
      throw new IllegalArgumentException("maxResponseBytes must be at least 1024");
    }
  }

  /** Settings with the default interval, timeout, back-off and size limit. */
  public static RevocationFeedSettings of(URI issuer, String clientId, Secret clientSecret) {
    return new RevocationFeedSettings(
        issuer,
        clientId,
        clientSecret,
        DEFAULT_INTERVAL,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_MAX_BACKOFF,
        DEFAULT_MAX_RESPONSE_BYTES);
  }

  /** A copy polling every {@code newInterval}. */
  public RevocationFeedSettings withInterval(Duration newInterval) {
    return new RevocationFeedSettings(
        issuer, clientId, clientSecret, newInterval, requestTimeout, maxBackoff, maxResponseBytes);
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
