package io.bulwark.policy;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who is asking: a user or a service identity. Conditions see it as {@code P} (or {@code
 * principal}) with fields {@code id}, {@code roles}, {@code attr} and {@code spiffeId} ({@code ""}
 * when absent).
 *
 * @param id the subject, e.g. a user id, a client id or a SPIFFE id
 * @param roles the roles granted to it; {@value #ANONYMOUS} marks an unauthenticated caller
 * @param attr attributes such as token claims ({@code amr}, {@code tenant}); values are normalized
 *     to CEL types by {@link AttributeValues#normalize(Map)}
 * @param spiffeId the SPIFFE id of a service principal authenticated by mTLS
 */
public record Principal(
    String id, Set<String> roles, Map<String, Object> attr, Optional<String> spiffeId) {

  /** The id and only role of an unauthenticated caller; role {@code *} does not match it. */
  public static final String ANONYMOUS = "anonymous";

  /** Validates and copies the components. */
  public Principal {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("principal id must not be blank");
    }
    roles = Set.copyOf(roles);
    attr = AttributeValues.normalize(attr);
    spiffeId = Objects.requireNonNull(spiffeId, "spiffeId");
  }

  /** A principal with roles and no attributes. */
  public static Principal of(String id, String... roles) {
    return new Principal(id, Set.of(roles), Map.of(), Optional.empty());
  }

  /** The unauthenticated caller: id and role {@value #ANONYMOUS}. */
  public static Principal anonymous() {
    return new Principal(ANONYMOUS, Set.of(ANONYMOUS), Map.of(), Optional.empty());
  }

  /** True for an unauthenticated caller, i.e. one holding the {@value #ANONYMOUS} role. */
  public boolean isAnonymous() {
    return roles.contains(ANONYMOUS);
  }
}
