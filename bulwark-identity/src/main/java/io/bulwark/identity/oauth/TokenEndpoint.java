package io.bulwark.identity.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.Outcome;
import io.bulwark.identity.IdentityAudit;
import io.bulwark.identity.store.RegisteredClient;
import io.javalin.http.Context;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The token endpoint (RFC 6749 §3.2): parses the request with Nimbus, authenticates the client,
 * checks it may use the grant and hands it to that grant's handler. Every refusal is an RFC 6749
 * §5.2 error and a {@code token.failed} audit event.
 */
public final class TokenEndpoint {
  private final URI url;
  private final ClientGate gate;
  private final IdentityAudit audit;
  private final Map<GrantType, GrantHandler> handlers = new HashMap<>();

  TokenEndpoint(Endpoints endpoints, ClientGate gate, IdentityAudit audit) {
    this.url = endpoints.url(Endpoints.TOKEN);
    this.gate = gate;
    this.audit = audit;
  }

  TokenEndpoint register(GrantType type, GrantHandler handler) {
    handlers.put(type, handler);
    return this;
  }

  /** Handles {@code POST /oauth2/token}. */
  public void handle(Context ctx) {
    String clientId = null;
    String grant = null;
    try {
      HTTPRequest http = OAuthHttp.formPost(ctx, url);
      TokenRequest request = parse(http);
      grant = request.getAuthorizationGrant().getType().getValue();
      GrantType type = request.getAuthorizationGrant().getType();
      boolean publicAllowed =
          GrantType.AUTHORIZATION_CODE.equals(type) || GrantType.REFRESH_TOKEN.equals(type);
      RegisteredClient client =
          gate.require(
              request.getClientAuthentication(),
              request.getClientID(),
              publicAllowed,
              ctx,
              "token");
      clientId = client.clientId();
      GrantHandler handler = handlers.get(type);
      if (handler != null && !client.grantTypes().contains(type.getValue())) {
        throw OAuthException.of(
            OAuth2Error.UNAUTHORIZED_CLIENT, "client is not allowed to use this grant type");
      }
      if (handler == null) {
        throw OAuthException.of(OAuth2Error.UNSUPPORTED_GRANT_TYPE, "grant type not supported");
      }
      AccessTokenResponse response = handler.handle(request, client, ctx);
      OAuthHttp.write(ctx, response.toHTTPResponse());
    } catch (OAuthException e) {
      if (!OAuth2Error.INVALID_CLIENT.getCode().equals(e.error().getCode())) {
        auditFailure(ctx, clientId, grant, e.error());
      }
      OAuthHttp.writeError(ctx, e.error());
    }
  }

  private static TokenRequest parse(HTTPRequest http) {
    try {
      return TokenRequest.parse(http);
    } catch (ParseException e) {
      ErrorObject error = e.getErrorObject();
      if (error == null || error.getCode() == null) {
        error = OAuth2Error.INVALID_REQUEST;
      }
      if (OAuth2Error.INVALID_CLIENT.getCode().equals(error.getCode())) {
        throw OAuthException.of(OAuth2Error.INVALID_CLIENT, "client authentication failed");
      }
      throw new OAuthException(OAuthHttp.describe(error, e.getMessage()));
    }
  }

  private void auditFailure(Context ctx, String clientId, String grant, ErrorObject error) {
    Map<String, String> details = new HashMap<>();
    details.put("error", error.getCode());
    details.put("grant_type", grant);
    audit.record(
        "token.failed",
        Outcome.FAILURE,
        new Actor(null, clientId, ClientAddress.of(ctx), null),
        "client:" + (clientId == null ? "unknown" : clientId),
        "issue",
        error.getDescription(),
        details);
  }
}
