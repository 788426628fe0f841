package io.bulwark.gateway.auth;

import io.bulwark.gateway.auth.AuthFailure.Reason;
import io.bulwark.gateway.ratelimit.RateLimitPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Authenticates {@code bwk_} API keys against stored {@link ApiKeyRecord}s: the id finds the
 * record, then the SHA-256 of the presented key is compared with the stored one in constant time
 * (an unknown id is compared against a dummy so timing does not tell ids apart). In memory only, so
 * it never blocks. The key set can be replaced atomically on config reload. Thread-safe.
 *
 * <p>The principal's {@code clientId} is the key id, its claims carry {@code api_key_id} and, when
 * set, {@code rate_limit_policy}, so each key gets its own rate-limit bucket.
 */
public final class ApiKeyAuthenticator {
  /** Claim holding the API key id. */
  public static final String API_KEY_ID_CLAIM = "api_key_id";

  /** Claim holding the key's rate-limit policy name. */
  public static final String RATE_LIMIT_POLICY_CLAIM = "rate_limit_policy";

  private static final String DUMMY_HASH = ApiKeys.hash("bwk_dummy");

  private final Clock clock;
  private volatile KeySet keys;

  /** The keys and their own rate limits, swapped together. */
  private record KeySet(Map<String, ApiKeyRecord> records, Map<String, RateLimitPolicy> limits) {}

  public ApiKeyAuthenticator(Collection<ApiKeyRecord> keys, Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    replaceKeys(keys);
  }

  /** Replaces all keys at once (config reload); ids must be distinct. No key has its own limit. */
  public void replaceKeys(Collection<ApiKeyRecord> records) {
    replaceKeys(records, Map.of());
  }

  /**
   * Replaces all keys and their own rate limits at once (key file reload); ids must be distinct.
   *
   * @param limits each key's own bucket by key id; keys not in it have none
   */
  public void replaceKeys(Collection<ApiKeyRecord> records, Map<String, RateLimitPolicy> limits) {
    Map<String, ApiKeyRecord> byId = new HashMap<>();
    for (ApiKeyRecord record : records) {
      if (byId.put(record.id(), record) != null) {
        throw new IllegalArgumentException("API key id configured twice: " + record.id());
      }
    }
    this.keys = new KeySet(Map.copyOf(byId), Map.copyOf(limits));
  }

  /** The key's own rate limit (from the key file), if it has one. */
  public Optional<RateLimitPolicy> rateLimit(String keyId) {
    return keyId == null ? Optional.empty() : Optional.ofNullable(keys.limits().get(keyId));
  }

  /** How many keys are loaded. */
  public int size() {
    return keys.records().size();
  }

  /** Authenticates a presented key (for example from {@code Authorization: Bearer bwk_...}). */
  public AuthResult authenticate(String presented) {
    if (presented == null || presented.isEmpty()) {
      return AuthResult.rejected(Reason.MISSING_CREDENTIALS);
    }
    Matcher parts = ApiKeys.FORMAT.matcher(presented);
    if (presented.length() > 128 || !parts.matches()) {
      return AuthResult.rejected(Reason.INVALID_API_KEY);
    }
    ApiKeyRecord record = keys.records().get(parts.group(1));
    String expected = record == null ? DUMMY_HASH : record.sha256();
    boolean equal =
        MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            ApiKeys.hash(presented).getBytes(StandardCharsets.US_ASCII));
    if (record == null || !equal) {
      return AuthResult.rejected(Reason.INVALID_API_KEY);
    }
    if (record.expiresAt() != null && !clock.instant().isBefore(record.expiresAt())) {
      return AuthResult.rejected(Reason.INVALID_API_KEY);
    }
    return new AuthResult.Authenticated(principal(record));
  }

  private static AuthenticatedPrincipal principal(ApiKeyRecord record) {
    Map<String, Object> claims = new HashMap<>();
    claims.put(API_KEY_ID_CLAIM, record.id());
    claims.put("sub", record.owner());
    if (record.rateLimitPolicy() != null) {
      claims.put(RATE_LIMIT_POLICY_CLAIM, record.rateLimitPolicy());
    }
    return new AuthenticatedPrincipal(
        AuthMethod.API_KEY,
        null,
        record.owner(),
        record.id(),
        record.scopes(),
        Set.of(),
        claims,
        null,
        null,
        null,
        record.expiresAt(),
        null);
  }
}
