package io.bulwark.identity.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an access token says (RFC 9068): its subject, client, audiences, scope, roles, attribute
 * claims and, for user tokens, the session, authentication time and methods.
 *
 * @param subject {@code sub}: the user id, or the client id for client_credentials
 * @param clientId {@code client_id}
 * @param audiences {@code aud}
 * @param scope {@code scope} (space separated; empty for none)
 * @param roles {@code roles}
 * @param claims extra claims, such as configured user attributes ({@code dept}, {@code tenant})
 * @param sessionId {@code sid}, or null for tokens not bound to a login session
 * @param authTime {@code auth_time}, or null
 * @param amr {@code amr} (authentication methods), empty for none
 * @param actor {@code act.sub} for delegated tokens (token exchange), or null
 * @param ttl lifetime
 */
public record AccessTokenSpec(
    String subject,
    String clientId,
    List<String> audiences,
    String scope,
    List<String> roles,
    Map<String, Object> claims,
    String sessionId,
    Instant authTime,
    List<String> amr,
    String actor,
    Duration ttl) {

  /** Copies collections and checks required fields. */
  public AccessTokenSpec {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(clientId, "clientId");
    audiences = List.copyOf(audiences);
    if (audiences.isEmpty()) {
      throw new IllegalArgumentException("an access token needs an audience");
    }
    Objects.requireNonNull(scope, "scope");
    roles = List.copyOf(roles);
    claims = Map.copyOf(claims);
    amr = List.copyOf(amr);
    Objects.requireNonNull(ttl, "ttl");
  }
}
