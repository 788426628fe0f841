package io.bulwark.identity.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.Outcome;
import io.bulwark.identity.IdentityAudit;
import io.bulwark.identity.IdentityConfig;
import io.bulwark.identity.client.ClientSecrets;
import io.bulwark.identity.store.GrantStore;
import io.bulwark.identity.store.RefreshFamily;
import io.bulwark.identity.store.RegisteredClient;
import io.bulwark.identity.store.UserAccount;
import io.bulwark.identity.token.AccessTokenSpec;
import io.bulwark.identity.token.IssuedToken;
import io.bulwark.identity.token.TokenMinter;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Issues the tokens of a user's login session: an access token carrying {@code sid} (the refresh
 * family id), roles and the configured attribute claims; an ID token when {@code openid} was
 * granted; and a new refresh token of the family when the client may refresh. Audits each issuance.
 */
final class SessionTokens {
  private final TokenMinter minter;
  private final GrantStore grants;
  private final IdentityAudit audit;
  private final IdentityConfig config;
  private final Clock clock;

  SessionTokens(
      TokenMinter minter,
      GrantStore grants,
      IdentityAudit audit,
      IdentityConfig config,
      Clock clock) {
    this.minter = minter;
    this.grants = grants;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  /** Claims copied from the user into access tokens. */
  Map<String, Object> attributeClaims(UserAccount user) {
    Map<String, Object> claims = new LinkedHashMap<>();
    for (String name : config.attributeClaims()) {
      String value = user.attributes().get(name);
      if (value != null) {
        claims.put(name, value);
      }
    }
    if (!user.groups().isEmpty()) {
      claims.put("groups", user.groups());
    }
    claims.put("preferred_username", user.username());
    return claims;
  }

  AccessTokenResponse issue(
      RegisteredClient client,
      List<String> audiences,
      UserAccount user,
      RefreshFamily family,
      Set<String> scope,
      String nonce,
      boolean withIdToken,
      String grantType,
      Context ctx) {
    String thumbprint = CertificateBinding.thumbprint(client, ctx);
    CertificateBinding.requireSameCertificate(family, () -> thumbprint);
    IssuedToken access =
        minter.accessToken(
            new AccessTokenSpec(
                user.id(),
                client.clientId(),
                audiences,
                Scopes.join(scope),
                user.roles(),
                CertificateBinding.withConfirmation(attributeClaims(user), thumbprint),
                family.id(),
                family.authTime(),
                family.amr(),
                null,
                config.accessTokenTtl()));
    RefreshToken refresh = null;
    if (client.grantTypes().contains("refresh_token")) {
      String value = Randoms.token(32);
      Instant now = clock.instant();
      Instant idle = now.plus(config.refreshTokenIdleTtl());
      Instant expires =
          idle.isBefore(family.absoluteExpiresAt()) ? idle : family.absoluteExpiresAt();
      grants.saveRefreshToken(ClientSecrets.hash(value), family.id(), now, expires);
      refresh = new RefreshToken(value);
    }
    BearerAccessToken bearer =
        new BearerAccessToken(
            access.value(), config.accessTokenTtl().toSeconds(), Scopes.toScope(scope));
    Map<String, String> details = new LinkedHashMap<>();
    details.put("grant_type", grantType);
    details.put("jti", access.jti());
    details.put("sid", family.id());
    audit.record(
        "token.issued",
        Outcome.SUCCESS,
        new Actor(user.id(), client.clientId(), ClientAddress.of(ctx), null),
        "user:" + user.id(),
        "issue",
        null,
        details);
    if (withIdToken && scope.contains("openid")) {
      IssuedToken id =
          minter.idToken(
              user.id(),
              client.clientId(),
              family.id(),
              family.authTime(),
              family.amr(),
              nonce,
              Map.of("preferred_username", user.username()),
              config.idTokenTtl());
      return new OIDCTokenResponse(new OIDCTokens(id.value(), bearer, refresh));
    }
    return new AccessTokenResponse(new Tokens(bearer, refresh));
  }
}
