package io.bulwark.identity.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.Outcome;
import io.bulwark.identity.IdentityAudit;
import io.bulwark.identity.client.ClientSecrets;
import io.bulwark.identity.revocation.Revoker;
import io.bulwark.identity.store.GrantStore;
import io.bulwark.identity.store.Redemption;
import io.bulwark.identity.store.RefreshFamily;
import io.bulwark.identity.store.RefreshGrant;
import io.bulwark.identity.store.RegisteredClient;
import io.bulwark.identity.store.UserAccount;
import io.bulwark.identity.store.UserStore;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code refresh_token} grant (RFC 6749 §6) with rotation: every refresh spends the token and
 * returns a new one of the same family. A spent token presented again means it leaked: the whole
 * family is revoked (a {@code sid} revocation event) and {@code token.refresh.reused} audited.
 * Tokens slide (each lives {@code refreshTokenIdleTtl}) within the family's absolute limit; a
 * refresh may narrow the scope but never widen it. A session bound to a client certificate (RFC
 * 8705 §3) refreshes only with that certificate.
 */
final class RefreshTokenGrantHandler implements GrantHandler {
  private final GrantStore grants;
  private final UserStore users;
  private final SessionTokens tokens;
  private final Revoker revoker;
  private final IdentityAudit audit;
  private final Clock clock;

  RefreshTokenGrantHandler(
      GrantStore grants,
      UserStore users,
      SessionTokens tokens,
      Revoker revoker,
      IdentityAudit audit,
      Clock clock) {
    this.grants = grants;
    this.users = users;
    this.tokens = tokens;
    this.revoker = revoker;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public AccessTokenResponse handle(TokenRequest request, RegisteredClient client, Context ctx) {
    RefreshTokenGrant grant = (RefreshTokenGrant) request.getAuthorizationGrant();
    String tokenHash = ClientSecrets.hash(grant.getRefreshToken().getValue());
    // RFC 8705 §3: a bound session refreshes only with its certificate. Checked before the token
    // is spent, so a stolen token presented with another certificate does not burn the owner's.
    Optional<RefreshGrant> peeked = grants.peekRefreshToken(tokenHash);
    if (peeked.isPresent() && peeked.get().family().clientId().equals(client.clientId())) {
      CertificateBinding.requireSameCertificate(
          peeked.get().family(), () -> CertificateBinding.thumbprint(client, ctx));
    }
    Redemption<RefreshGrant> redemption = grants.redeemRefreshToken(tokenHash);
    if (redemption instanceof Redemption.Reused<RefreshGrant> reused) {
      revoker.revokeSession(reused.familyId());
      audit.record(
          "token.refresh.reused",
          Outcome.DENIED,
          new Actor(null, client.clientId(), ClientAddress.of(ctx), null),
          "session:" + reused.familyId(),
          "refresh",
          "a rotated refresh token was presented again; the whole family was revoked",
          Map.of("sid", reused.familyId()));
      throw AuthorizationCodeGrantHandler.invalidGrant("refresh token already used");
    }
    if (!(redemption instanceof Redemption.Redeemed<RefreshGrant> redeemed)) {
      throw AuthorizationCodeGrantHandler.invalidGrant("unknown refresh token");
    }
    RefreshFamily family = redeemed.value().family();
    Instant now = clock.instant();
    if (!family.clientId().equals(client.clientId())) {
      throw AuthorizationCodeGrantHandler.invalidGrant(
          "refresh token was issued to another client");
    }
    if (family.revoked()) {
      throw AuthorizationCodeGrantHandler.invalidGrant("session revoked");
    }
    if (!redeemed.value().tokenExpiresAt().isAfter(now)
        || !family.absoluteExpiresAt().isAfter(now)) {
      throw AuthorizationCodeGrantHandler.invalidGrant("refresh token expired");
    }
    Optional<UserAccount> user = users.findById(family.userId());
    if (user.isEmpty() || user.get().disabled()) {
      throw AuthorizationCodeGrantHandler.invalidGrant("the user is no longer active");
    }
    Set<String> granted = Scopes.parse(family.scope());
    if (request.getScope() != null && !granted.containsAll(request.getScope().toStringList())) {
      throw OAuthException.of(OAuth2Error.INVALID_SCOPE, "a refresh cannot widen the scope");
    }
    Set<String> scope =
        request.getScope() == null ? granted : Scopes.parse(request.getScope().toString());
    return tokens.issue(
        client,
        Audiences.choose(request, client),
        user.get(),
        family,
        scope,
        null,
        false,
        "refresh_token",
        ctx);
  }
}
