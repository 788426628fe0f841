package io.bulwark.cli.dev;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A service token fetched from the identity server and fetched again shortly before it expires, so
 * every outbound call carries a valid token without a token request per call. Thread-safe.
 */
public final class CachedServiceToken implements Supplier<String> {
  private static final Duration RENEW_BEFORE = Duration.ofSeconds(30);

  private final Supplier<IdentityClient.AccessToken> fetch;
  private final Clock clock;
  private String token;
  private Instant renewAt = Instant.MIN;

  /**
   * @param fetch asks the identity server for a new token (e.g. {@code client_credentials})
   * @param clock when tokens are due for renewal
   */
  public CachedServiceToken(Supplier<IdentityClient.AccessToken> fetch, Clock clock) {
    this.fetch = fetch;
    this.clock = clock;
  }

  @Override
  public synchronized String get() {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(renewAt)) {
      IdentityClient.AccessToken fresh = fetch.get();
      token = fresh.value();
      Duration early =
          fresh.expiresIn().dividedBy(2).compareTo(RENEW_BEFORE) < 0
              ? fresh.expiresIn().dividedBy(2)
              : RENEW_BEFORE;
      renewAt = now.plus(fresh.expiresIn()).minus(early);
    }
    return token;
  }
}
