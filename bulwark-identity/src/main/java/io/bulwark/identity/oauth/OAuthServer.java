package io.bulwark.identity.oauth;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import io.bulwark.identity.IdentityAudit;
import io.bulwark.identity.IdentityConfig;
import io.bulwark.identity.client.ClientAuthenticator;
import io.bulwark.identity.revocation.Revoker;
import io.bulwark.identity.store.IdentityDatabase;
import io.bulwark.identity.token.SigningKeyRing;
import io.bulwark.identity.token.TokenMinter;
import io.bulwark.identity.token.TokenReader;
import io.bulwark.identity.user.TotpService;
import io.bulwark.identity.user.UserDirectory;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Set;

/**
 * The protocol endpoints of one issuer, wired together: discovery, JWKS, token, introspection,
 * revocation and the revocation feed. {@link io.bulwark.identity.IdentityServer} mounts them.
 */
public final class OAuthServer {
  private final DiscoveryEndpoint discovery;
  private final SigningKeyRing keys;
  private final TokenEndpoint token;
  private final IntrospectionEndpoint introspection;
  private final RevocationEndpoint revocation;
  private final RevocationFeedEndpoint feed;
  private final TokenStatus status;
  private final AuthorizationEndpoint authorization;
  private final UserinfoEndpoint userinfo;
  private final LogoutEndpoint logout;

  public OAuthServer(
      Endpoints endpoints,
      IdentityConfig config,
      IdentityDatabase db,
      SigningKeyRing keys,
      Revoker revoker,
      UserDirectory users,
      TotpService totp,
      IdentityAudit audit,
      Clock clock) {
    this.keys = keys;
    BrowserSessions browserSessions =
        new BrowserSessions(
            db.browserSessions(),
            db.users(),
            config.browserSessionIdleTtl(),
            config.browserSessionMaxTtl(),
            clock);
    this.discovery =
        new DiscoveryEndpoint(endpoints, keys.algorithm(), config.clientCaCertificates() != null);
    TokenMinter minter = new TokenMinter(endpoints.issuer(), keys, clock);
    TokenReader reader = new TokenReader(endpoints.issuer(), keys, clock);
    Set<Audience> assertionAudiences =
        Set.of(
            new Audience(endpoints.issuer()),
            new Audience(endpoints.url(Endpoints.TOKEN)),
            new Audience(endpoints.url(Endpoints.INTROSPECT)),
            new Audience(endpoints.url(Endpoints.REVOKE)));
    ClientAuthenticator authenticator =
        new ClientAuthenticator(db.clients(), assertionAudiences, clock);
    ClientGate gate = new ClientGate(authenticator, audit);
    this.status =
        new TokenStatus(reader, db.revocations(), db.grants(), db.users(), db.clients(), clock);
    SessionTokens sessions = new SessionTokens(minter, db.grants(), audit, config, clock);
    this.token =
        new TokenEndpoint(endpoints, gate, audit)
            .register(
                GrantType.CLIENT_CREDENTIALS,
                new ClientCredentialsGrant(minter, audit, config.accessTokenTtl()))
            .register(
                GrantType.AUTHORIZATION_CODE,
                new AuthorizationCodeGrantHandler(
                    db.grants(), db.users(), sessions, revoker, audit, config, clock))
            .register(
                GrantType.REFRESH_TOKEN,
                new RefreshTokenGrantHandler(
                    db.grants(), db.users(), sessions, revoker, audit, clock))
            .register(
                TokenExchangeGrant.GRANT_TYPE,
                new TokenExchangeGrantHandler(
                    status, minter, audit, config.accessTokenTtl(), clock));
    this.authorization =
        new AuthorizationEndpoint(
            browserSessions,
            endpoints,
            db.clients(),
            db.grants(),
            users,
            totp,
            audit,
            config.authorizationCodeTtl(),
            clock);
    this.userinfo = new UserinfoEndpoint(status, db.users());
    this.logout = new LogoutEndpoint(reader, db.clients(), revoker, browserSessions, audit);
    this.introspection = new IntrospectionEndpoint(endpoints, gate, status);
    this.revocation = new RevocationEndpoint(endpoints, gate, status, revoker, audit);
    this.feed = new RevocationFeedEndpoint(db.revocations(), status, authenticator);
  }

  /** Serves the metadata document. */
  public void discovery(Context ctx) {
    discovery.handle(ctx);
  }

  /** Serves the public JWK set. */
  public void jwks(Context ctx) {
    ctx.header("Cache-Control", "public, max-age=60");
    ctx.contentType("application/jwk-set+json");
    ctx.result(keys.publicJwkSet().toString(true));
  }

  public void authorize(Context ctx) {
    authorization.authorize(ctx);
  }

  public void login(Context ctx) {
    authorization.login(ctx);
  }

  public void otp(Context ctx) {
    authorization.otp(ctx);
  }

  public void consent(Context ctx) {
    authorization.consent(ctx);
  }

  public void logout(Context ctx) {
    logout.handle(ctx);
  }

  public void userinfo(Context ctx) {
    userinfo.handle(ctx);
  }

  public void token(Context ctx) {
    token.handle(ctx);
  }

  public void introspect(Context ctx) {
    introspection.handle(ctx);
  }

  public void revoke(Context ctx) {
    revocation.handle(ctx);
  }

  public void revocations(Context ctx) {
    feed.handle(ctx);
  }

  /** Whether an access token is active now. */
  public TokenStatus tokenStatus() {
    return status;
  }
}
