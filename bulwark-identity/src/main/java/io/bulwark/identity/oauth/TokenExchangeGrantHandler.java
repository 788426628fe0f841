package io.bulwark.identity.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.Outcome;
import io.bulwark.identity.IdentityAudit;
import io.bulwark.identity.store.RegisteredClient;
import io.bulwark.identity.token.AccessTokenSpec;
import io.bulwark.identity.token.IssuedToken;
import io.bulwark.identity.token.TokenMinter;
import io.javalin.http.Context;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Token exchange (RFC 8693) for delegation: a service presents a user's active access token that
 * was issued for it (its {@code aud} names the service's client id or its registered {@code
 * resource}) and gets a narrower token on the user's behalf for a downstream audience it is
 * registered for. The new token keeps the user's subject, roles, attribute claims and session
 * ({@code sid}, so revoking the session revokes it too), adds {@code act.sub} = the service, never
 * outlives the original, and its scope is within both the original's and the service's.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693">RFC 8693</a>
 */
final class TokenExchangeGrantHandler implements GrantHandler {
  private static final Set<String> COPIED = Set.of("roles", "sid", "auth_time", "amr");
  private static final Set<String> REGISTERED =
      Set.of("iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id", "scope", "act", "cnf");

  private final TokenStatus status;
  private final TokenMinter minter;
  private final IdentityAudit audit;
  private final Duration ttl;
  private final Clock clock;

  TokenExchangeGrantHandler(
      TokenStatus status, TokenMinter minter, IdentityAudit audit, Duration ttl, Clock clock) {
    this.status = status;
    this.minter = minter;
    this.audit = audit;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public AccessTokenResponse handle(TokenRequest request, RegisteredClient client, Context ctx) {
    TokenExchangeGrant grant = (TokenExchangeGrant) request.getAuthorizationGrant();
    if (!TokenTypeURI.ACCESS_TOKEN.equals(grant.getSubjectTokenType())) {
      throw OAuthException.of(
          OAuth2Error.INVALID_REQUEST, "subject_token_type must be access_token");
    }
    if (grant.getActorToken() != null) {
      throw OAuthException.of(OAuth2Error.INVALID_REQUEST, "actor_token is not supported");
    }
    if (grant.getRequestedTokenType() != null
        && !TokenTypeURI.ACCESS_TOKEN.equals(grant.getRequestedTokenType())) {
      throw OAuthException.of(OAuth2Error.INVALID_REQUEST, "only access tokens can be requested");
    }
    JWTClaimsSet subject =
        status
            .activeAccessToken(grant.getSubjectToken().getValue())
            .orElseThrow(
                () -> AuthorizationCodeGrantHandler.invalidGrant("subject_token is not active"));
    List<String> subjectAudience = subject.getAudience();
    boolean forThisClient =
        subjectAudience.contains(client.clientId())
            || (client.resource() != null && subjectAudience.contains(client.resource()));
    if (!forThisClient) {
      throw AuthorizationCodeGrantHandler.invalidGrant(
          "subject_token was not issued for this client");
    }
    Set<String> asked = new LinkedHashSet<>();
    if (grant.getAudience() != null) {
      for (Audience a : grant.getAudience()) {
        asked.add(a.getValue());
      }
    }
    if (request.getResources() != null) {
      request.getResources().forEach(r -> asked.add(r.toString()));
    }
    if (asked.isEmpty()) {
      throw OAuthException.of(OAuth2Error.INVALID_TARGET, "name the downstream audience");
    }
    List<String> audiences = Audiences.check(asked, client);
    Set<String> allowed = Scopes.parse(stringClaim(subject, "scope"));
    allowed.retainAll(client.scopes());
    Set<String> scope = Scopes.grant(request.getScope(), allowed);
    Instant subjectExp = subject.getExpirationTime().toInstant();
    Duration life = Duration.between(clock.instant(), subjectExp);
    Duration lifetime = life.compareTo(ttl) < 0 ? life : ttl;
    Map<String, Object> claims = new LinkedHashMap<>();
    subject
        .getClaims()
        .forEach((name, value) -> {
          if (!REGISTERED.contains(name) && !COPIED.contains(name)) {
            claims.put(name, value);
          }
        });
    IssuedToken token =
        minter.accessToken(
            new AccessTokenSpec(
                subject.getSubject(),
                client.clientId(),
                audiences,
                Scopes.join(scope),
                listClaim(subject, "roles"),
                CertificateBinding.withConfirmation(
                    claims, CertificateBinding.thumbprint(client, ctx)),
                stringClaim(subject, "sid"),
                subject.getClaim("auth_time") == null
                    ? null
                    : Instant.ofEpochSecond(((Number) subject.getClaim("auth_time")).longValue()),
                listClaim(subject, "amr"),
                client.clientId(),
                lifetime.isNegative() ? Duration.ofSeconds(1) : lifetime));
    audit.record(
        "token.issued",
        Outcome.SUCCESS,
        new Actor(subject.getSubject(), client.clientId(), ClientAddress.of(ctx), null),
        "user:" + subject.getSubject(),
        "exchange",
        null,
        Map.of(
            "grant_type", TokenExchangeGrant.GRANT_TYPE.getValue(),
            "jti", token.jti(),
            "subject_jti", subject.getJWTID(),
            "aud", String.join(" ", audiences)));
    BearerAccessToken bearer =
        new BearerAccessToken(token.value(), lifetime.toSeconds(), Scopes.toScope(scope));
    Map<String, Object> custom = new LinkedHashMap<>();
    custom.put("issued_token_type", TokenTypeURI.ACCESS_TOKEN.getURI().toString());
    return new AccessTokenResponse(new Tokens(bearer, null), custom);
  }

  private static String stringClaim(JWTClaimsSet claims, String name) {
    try {
      return claims.getStringClaim(name);
    } catch (ParseException e) {
      return null;
    }
  }

  private static List<String> listClaim(JWTClaimsSet claims, String name) {
    try {
      List<String> list = claims.getStringListClaim(name);
      return list == null ? List.of() : list;
    } catch (ParseException e) {
      return List.of();
    }
  }
}
