package io.bulwark.identity.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.Outcome;
import io.bulwark.identity.IdentityAudit;
import io.bulwark.identity.revocation.Revoker;
import io.bulwark.identity.store.RefreshGrant;
import io.bulwark.identity.store.RegisteredClient;
import io.javalin.http.Context;
import java.net.URI;
import java.text.MessageFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Token revocation (RFC 7009): a client revokes one of its own tokens. An access token is revoked
 * by {@code jti}; a refresh token ends its whole session (family). The answer is 200 whether or not
 * the token was valid, so the endpoint reveals nothing; a token of another client is left alone.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7009">RFC 7009</a>
 */
public final class RevocationEndpoint {
  private final URI url;
  private final ClientGate gate;
  private final TokenStatus status;
  private final Revoker revoker;
  private final IdentityAudit audit;

  RevocationEndpoint(
      Endpoints endpoints,
      ClientGate gate,
      TokenStatus status,
      Revoker revoker,
      IdentityAudit audit) {
    this.url = endpoints.url(Endpoints.REVOKE);
    this.gate = gate;
    this.status = status;
    this.revoker = revoker;
    this.audit = audit;
  }

  /** Handles {@code POST /oauth2/revoke}. */
  public void handle(Context ctx) {
    try {
      TokenRevocationRequest request;
      try {
        request = TokenRevocationRequest.parse(OAuthHttp.formPost(ctx, url));
      } catch (ParseException e) {
        ErrorObject error =
            e.getErrorObject() == null ? OAuth2Error.INVALID_REQUEST : e.getErrorObject();
        if (OAuth2Error.INVALID_CLIENT.getCode().equals(error.getCode())) {
          throw OAuthException.of(OAuth2Error.INVALID_CLIENT, "client authentication failed");
        }
        throw new OAuthException(OAuthHttp.describe(OAuth2Error.INVALID_REQUEST, e.getMessage()));
      }
      RegisteredClient client =
          gate.require(
              request.getClientAuthentication(), request.getClientID(), true, ctx, "revoke");
      revoke(request.getToken().getValue(), client, ctx);
      OAuthHttp.write(ctx, new HTTPResponse(200));
    } catch (OAuthException e) {
      OAuthHttp.writeError(ctx, e.error());
    }
  }

  private void revoke(String token, RegisteredClient client, Context ctx) {
    Optional<JWTClaimsSet> access = status.activeAccessToken(token);
    if (access.isPresent()) {
      JWTClaimsSet claims = access.get();
      String owner = (String) claims.getClaim("client_id");
      if (!client.clientId().equals(owner)) {
        record(client, ctx, Outcome.DENIED, "token of another client", "jti", claims.getJWTID());
        return;
      }
      revoker.revokeAccessToken(claims.getJWTID(), claims.getExpirationTime().toInstant());
      record(client, ctx, Outcome.SUCCESS, null, "jti", claims.getJWTID());
      return;
    }
    Optional<RefreshGrant> refresh = status.activeRefreshToken(token);
    if (refresh.isPresent()) {
      String familyId = refresh.get().family().id();
      if (!client.clientId().equals(refresh.get().family().clientId())) {
        record(client, ctx, Outcome.DENIED, "token of another client", "sid", familyId);
        return;
      }
      revoker.revokeSession(familyId);
      record(client, ctx, Outcome.SUCCESS, null, "sid", familyId);
    }
  }

  private void record(
      RegisteredClient client, Context ctx, Outcome outcome, String reason, String key, String id) {
    audit.record(
        "token.revoked",
        outcome,
        new Actor(null, client.clientId(), ClientAddress.of(ctx), null),
        MessageFormat.format("{0}:{1}", key, id),
        "revoke",
        reason,
        Map.of(key, id));
  }
}
