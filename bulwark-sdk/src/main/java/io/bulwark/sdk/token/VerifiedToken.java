package io.bulwark.sdk.token;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The caller an access token proved: who ({@code sub}), through which client ({@code client_id}),
 * with what scopes and roles, for which audience and for how long (RFC 9068 §2.2). Immutable;
 * {@link #claims()} holds every claim for service-specific checks.
 *
 * @param subject the {@code sub} claim: the end user, or the client itself for client-credentials
 *     tokens
 * @param clientId the {@code client_id} claim, or {@code null} when absent
 * @param issuer the {@code iss} claim
 * @param scopes the space-separated {@code scope} claim, split
 * @param roles the {@code roles} claim (an array of strings), empty when absent
 * @param audience the {@code aud} claim
 * @param issuedAt the {@code iat} claim, or {@code null} when absent
 * @param expiresAt the {@code exp} claim
 * @param jwtId the {@code jti} claim, or {@code null} when absent
 * @param claims every claim, as JSON values (dates in epoch seconds), deeply immutable
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068#section-2.2">RFC 9068 §2.2</a>
 */
public record VerifiedToken(
    String subject,
    String clientId,
    String issuer,
    Set<String> scopes,
    Set<String> roles,
    List<String> audience,
    Instant issuedAt,
    Instant expiresAt,
    String jwtId,
    Map<String, Object> claims) {

  public VerifiedToken {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(expiresAt, "expiresAt");
    scopes = Collections.unmodifiableSet(new LinkedHashSet<>(scopes));
    roles = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
    audience = List.copyOf(audience);
    claims = immutableMap(claims);
  }

  /** Whether the {@code roles} claim contains {@code role}. */
  public boolean hasRole(String role) {
    return roles.contains(role);
  }

  /** Whether the {@code scope} claim contains {@code scope}. */
  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }

  /** Reads a verified claims set; wrongly typed claims make it {@link ParseException}. */
  static VerifiedToken from(JWTClaimsSet claims) throws ParseException {
    String scope = claims.getStringClaim("scope");
    Set<String> scopes = new LinkedHashSet<>();
    if (scope != null) {
      Arrays.stream(scope.split(" ")).filter(s -> !s.isEmpty()).forEach(scopes::add);
    }
    List<String> roles = claims.getStringListClaim("roles");
    if (roles != null && roles.contains(null)) {
      throw new ParseException("null role", 0);
    }
    return new VerifiedToken(
        claims.getSubject(),
        claims.getStringClaim("client_id"),
        claims.getIssuer(),
        scopes,
        roles == null ? Set.of() : new LinkedHashSet<>(roles),
        claims.getAudience(),
        instant(claims.getIssueTime()),
        instant(claims.getExpirationTime()),
        claims.getJWTID(),
        claims.toJSONObject());
  }

  private static Instant instant(Date date) {
    return date == null ? null : date.toInstant();
  }

  private static Map<String, Object> immutableMap(Map<String, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k, immutable(v)));
    return Collections.unmodifiableMap(copy);
  }

  private static Object immutable(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), immutable(v)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(immutable(v)));
      return Collections.unmodifiableList(copy);
    }
    return value;
  }
}
