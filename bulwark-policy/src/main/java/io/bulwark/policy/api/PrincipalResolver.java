package io.bulwark.policy.api;

import io.bulwark.policy.Principal;
import java.util.Optional;

/**
 * Turns the bearer token of a proxied request into the {@link Principal} the policies see. The
 * policy module does not verify tokens itself; the platform wires in its token verifier (roles
 * claim to roles, other claims to attributes).
 */
@FunctionalInterface
public interface PrincipalResolver {

  /**
   * The principal the token proves; empty when the token carries no usable principal (answered like
   * a rejected token).
   *
   * @param bearerToken the token from {@code Authorization: Bearer}, never blank
   * @throws RejectedCredentialsException when the token is invalid, expired or not for us
   */
  Optional<Principal> resolve(String bearerToken) throws RejectedCredentialsException;
}
