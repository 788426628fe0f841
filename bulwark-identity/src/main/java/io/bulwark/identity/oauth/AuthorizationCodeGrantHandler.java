package io.bulwark.identity.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.Outcome;
import io.bulwark.identity.IdentityAudit;
import io.bulwark.identity.IdentityConfig;
import io.bulwark.identity.client.ClientSecrets;
import io.bulwark.identity.revocation.Revoker;
import io.bulwark.identity.store.AuthorizationCode;
import io.bulwark.identity.store.GrantStore;
import io.bulwark.identity.store.Redemption;
import io.bulwark.identity.store.RefreshFamily;
import io.bulwark.identity.store.RegisteredClient;
import io.bulwark.identity.store.UserAccount;
import io.bulwark.identity.store.UserStore;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code authorization_code} grant (RFC 6749 §4.1.3) with PKCE (RFC 7636, S256 only). A code is
 * spent on first presentation, whatever the outcome; presenting it again revokes the session it
 * started (RFC 6749 §4.1.2) and is audited as {@code token.code.reused}.
 */
final class AuthorizationCodeGrantHandler implements GrantHandler {
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

  private final GrantStore grants;
  private final UserStore users;
  private final SessionTokens tokens;
  private final Revoker revoker;
  private final IdentityAudit audit;
  private final IdentityConfig config;
  private final Clock clock;

  AuthorizationCodeGrantHandler(
      GrantStore grants,
      UserStore users,
      SessionTokens tokens,
      Revoker revoker,
      IdentityAudit audit,
      IdentityConfig config,
      Clock clock) {
    this.grants = grants;
    this.users = users;
    this.tokens = tokens;
    this.revoker = revoker;
    this.audit = audit;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public AccessTokenResponse handle(TokenRequest request, RegisteredClient client, Context ctx) {
    AuthorizationCodeGrant grant = (AuthorizationCodeGrant) request.getAuthorizationGrant();
    String codeHash = ClientSecrets.hash(grant.getAuthorizationCode().getValue());
    Redemption<AuthorizationCode> redemption = grants.redeemCode(codeHash);
    if (redemption instanceof Redemption.Reused<AuthorizationCode> reused) {
      if (reused.familyId() != null) {
        revoker.revokeSession(reused.familyId());
      }
      audit.record(
          "token.code.reused",
          Outcome.DENIED,
          new Actor(null, client.clientId(), ClientAddress.of(ctx), null),
          "client:" + client.clientId(),
          "redeem",
          "authorization code presented twice; its session was revoked",
          reused.familyId() == null ? Map.of() : Map.of("sid", reused.familyId()));
      throw invalidGrant("authorization code already used");
    }
    if (!(redemption instanceof Redemption.Redeemed<AuthorizationCode> redeemed)) {
      throw invalidGrant("unknown authorization code");
    }
    AuthorizationCode code = redeemed.value();
    Instant now = clock.instant();
    if (!code.expiresAt().isAfter(now)) {
      throw invalidGrant("authorization code expired");
    }
    if (!code.clientId().equals(client.clientId())) {
      throw invalidGrant("authorization code was issued to another client");
    }
    if (grant.getRedirectionURI() == null
        || !code.redirectUri().equals(grant.getRedirectionURI().toString())) {
      throw invalidGrant("redirect_uri does not match the authorization request");
    }
    checkPkce(grant.getCodeVerifier(), code.codeChallenge());
    Optional<UserAccount> user = users.findById(code.userId());
    if (user.isEmpty() || user.get().disabled()) {
      throw invalidGrant("the user is no longer active");
    }
    RefreshFamily family =
        new RefreshFamily(
            Randoms.token(16),
            client.clientId(),
            code.userId(),
            code.scope(),
            code.authTime(),
            now,
            now.plus(config.refreshTokenMaxTtl()),
            false,
            code.amr(),
            CertificateBinding.thumbprint(client, ctx));
    grants.createFamily(family);
    grants.linkCodeToFamily(codeHash, family.id());
    return tokens.issue(
        client,
        Audiences.choose(request, client),
        user.get(),
        family,
        Scopes.parse(code.scope()),
        code.nonce(),
        true,
        "authorization_code",
        ctx);
  }

  private static void checkPkce(CodeVerifier verifier, String challenge) {
    if (verifier == null || !VERIFIER.matcher(verifier.getValue()).matches()) {
      throw invalidGrant("code_verifier missing or malformed");
    }
    String computed = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
    if (!MessageDigest.isEqual(
        computed.getBytes(StandardCharsets.US_ASCII),
        challenge.getBytes(StandardCharsets.US_ASCII))) {
      throw invalidGrant("code_verifier does not match the code_challenge");
    }
  }

  static OAuthException invalidGrant(String description) {
    return OAuthException.of(OAuth2Error.INVALID_GRANT, description);
  }
}
