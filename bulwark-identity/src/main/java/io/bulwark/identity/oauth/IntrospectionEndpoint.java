package io.bulwark.identity.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import io.bulwark.core.json.Json;
import io.bulwark.identity.store.RefreshGrant;
import io.bulwark.identity.store.RegisteredClient.AuthMethod;
import io.javalin.http.Context;
import java.net.URI;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Token introspection (RFC 7662): an authenticated confidential client asks whether a token is
 * active. Active access tokens answer with their claims; active refresh tokens with client,
 * subject, scope and expiry; anything else, including revoked tokens and tokens of disabled users,
 * with exactly {@code {"active":false}}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7662">RFC 7662</a>
 */
public final class IntrospectionEndpoint {
  private final URI url;
  private final ClientGate gate;
  private final TokenStatus status;

  IntrospectionEndpoint(Endpoints endpoints, ClientGate gate, TokenStatus status) {
    this.url = endpoints.url(Endpoints.INTROSPECT);
    this.gate = gate;
    this.status = status;
  }

  /** Handles {@code POST /oauth2/introspect}. */
  public void handle(Context ctx) {
    try {
      TokenIntrospectionRequest request;
      try {
        request = TokenIntrospectionRequest.parse(OAuthHttp.formPost(ctx, url));
      } catch (ParseException e) {
        ErrorObject error =
            e.getErrorObject() == null ? OAuth2Error.INVALID_REQUEST : e.getErrorObject();
        if (OAuth2Error.INVALID_CLIENT.getCode().equals(error.getCode())) {
          throw OAuthException.of(OAuth2Error.INVALID_CLIENT, "client authentication failed");
        }
        throw new OAuthException(OAuthHttp.describe(OAuth2Error.INVALID_REQUEST, e.getMessage()));
      }
      var client = gate.require(request.getClientAuthentication(), null, false, ctx, "introspect");
      if (client.authMethod() == AuthMethod.NONE) {
        throw OAuthException.of(OAuth2Error.INVALID_CLIENT, "client authentication failed");
      }
      String token = request.getToken().getValue();
      Map<String, Object> body = answer(token);
      HTTPResponse response = new HTTPResponse(200);
      response.setHeader("Content-Type", "application/json;charset=UTF-8");
      response.setBody(Json.mapper().writeValueAsString(body));
      OAuthHttp.write(ctx, response);
    } catch (OAuthException e) {
      OAuthHttp.writeError(ctx, e.error());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<String, Object> answer(String token) {
    Optional<JWTClaimsSet> access = status.activeAccessToken(token);
    Map<String, Object> body = new LinkedHashMap<>();
    if (access.isPresent()) {
      body.put("active", true);
      body.put("token_type", "Bearer");
      for (Map.Entry<String, Object> claim : access.get().getClaims().entrySet()) {
        Object value = claim.getValue();
        body.put(claim.getKey(), value instanceof Date d ? d.toInstant().getEpochSecond() : value);
      }
      return body;
    }
    Optional<RefreshGrant> refresh = status.activeRefreshToken(token);
    if (refresh.isPresent()) {
      var family = refresh.get().family();
      body.put("active", true);
      body.put("token_type", "refresh_token");
      body.put("client_id", family.clientId());
      body.put("sub", family.userId());
      body.put("scope", family.scope());
      body.put("sid", family.id());
      body.put("exp", refresh.get().tokenExpiresAt().getEpochSecond());
      return body;
    }
    body.put("active", false);
    return body;
  }
}
