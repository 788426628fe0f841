package io.bulwark.gateway.authz;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.bulwark.policy.Principal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Remembers the policy {@link Principal} built from a caller's claims, keyed by the identity of the
 * claims map: the verified-token cache hands out the same claims map for every request with a
 * token, so its claims are normalized for the policy engine once per token instead of once per
 * request. A hit must also agree on id and roles. Bounded; an entry goes when its claims map is no
 * longer referenced (weak keys). Upkeep runs on the calling thread, never handed to a pool.
 * Thread-safe.
 */
final class PrincipalCache {
  /** Default most principals remembered (as many as verified tokens). */
  static final int DEFAULT_SIZE = 10_000;

  private final Cache<Map<String, Object>, Principal> byClaims;

  PrincipalCache(int maxSize) {
    this.byClaims =
        Caffeine.newBuilder().executor(Runnable::run).weakKeys().maximumSize(maxSize).build();
  }

  /** The principal for these facts, built now or remembered from an earlier request. */
  Principal principal(String id, Set<String> roles, Map<String, Object> claims) {
    if (claims.isEmpty()) {
      return new Principal(id, roles, Map.of(), Optional.empty());
    }
    Principal known = byClaims.getIfPresent(claims);
    if (known != null && known.id().equals(id) && known.roles().equals(roles)) {
      return known;
    }
    Principal built = new Principal(id, roles, claims, Optional.empty());
    byClaims.put(claims, built);
    return built;
  }
}
