package io.bulwark.cli.dev;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A service token that is re-issued shortly before it expires, so every outbound call carries a
 * valid token without signing one per request. Thread-safe.
 */
public final class CachedServiceToken implements Supplier<String> {
  private static final Duration TTL = DevTokenIssuer.DEFAULT_TTL;
  private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

  private final DevTokenIssuer issuer;
  private final String clientId;
  private final String audience;
  private final Clock clock;
  private String token;
  private Instant renewAt = Instant.MIN;

  public CachedServiceToken(DevTokenIssuer issuer, String clientId, String audience, Clock clock) {
    this.issuer = issuer;
    this.clientId = clientId;
    this.audience = audience;
    this.clock = clock;
  }

  @Override
  public synchronized String get() {
    Instant now = clock.instant();
    if (token == null || !now.isBefore(renewAt)) {
      token = issuer.issueForService(clientId, audience, TTL);
      renewAt = now.plus(TTL).minus(RENEW_BEFORE);
    }
    return token;
  }
}
