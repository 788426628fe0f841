package io.bulwark.gateway.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.policy.Principal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrincipalCacheTest {
  private final PrincipalCache cache = new PrincipalCache(100);

  private static Map<String, Object> claims() {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", "alice");
    claims.put("amr", List.of("pwd", "otp"));
    claims.put("n", 3);
    return Collections.unmodifiableMap(claims);
  }

  @Test
  void sameClaimsMapGivesTheSamePrincipalWithNormalizedClaims() {
    Map<String, Object> claims = claims();

    Principal first = cache.principal("alice", Set.of("customer"), claims);
    Principal second = cache.principal("alice", Set.of("customer"), claims);

    assertThat(second).isSameAs(first);
    assertThat(first.attr()).containsEntry("n", 3L).containsEntry("amr", List.of("pwd", "otp"));
    assertThat(first)
        .isEqualTo(new Principal("alice", Set.of("customer"), claims, java.util.Optional.empty()));
  }

  @Test
  void equalButDistinctClaimsMapsAreBuiltAfresh() {
    Principal first = cache.principal("alice", Set.of("customer"), claims());
    Principal second = cache.principal("alice", Set.of("customer"), claims());

    assertThat(second).isNotSameAs(first).isEqualTo(first);
  }

  @Test
  void aDifferentIdOrRoleSetNeverGetsTheRememberedPrincipal() {
    Map<String, Object> claims = claims();
    cache.principal("alice", Set.of("customer"), claims);

    Principal otherId = cache.principal("mallory", Set.of("customer"), claims);
    Principal otherRoles = cache.principal("alice", Set.of("admin"), claims);

    assertThat(otherId.id()).isEqualTo("mallory");
    assertThat(otherRoles.roles()).containsExactly("admin");
    assertThat(cache.principal("alice", Set.of("admin"), claims)).isSameAs(otherRoles);
  }

  @Test
  void noClaimsNeedNoCache() {
    Principal p = cache.principal("svc", Set.of(), Map.of());

    assertThat(p.attr()).isEmpty();
    assertThat(p.id()).isEqualTo("svc");
  }
}
