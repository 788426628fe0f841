package io.bulwark.identity.oauth;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.Outcome;
import io.bulwark.identity.IdentityAudit;
import io.bulwark.identity.client.ClientAuthenticationException;
import io.bulwark.identity.client.ClientAuthenticator;
import io.bulwark.identity.store.RegisteredClient;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * Authenticates the client of a token, introspection or revocation request, auditing every failure
 * as {@code auth.client.failed} and answering it with {@code invalid_client} only.
 */
public final class ClientGate {
  private final ClientAuthenticator authenticator;
  private final IdentityAudit audit;

  public ClientGate(ClientAuthenticator authenticator, IdentityAudit audit) {
    this.authenticator = authenticator;
    this.audit = audit;
  }

  /**
   * The authenticated client, or (when {@code allowPublic} and no credentials were sent) the public
   * client named by {@code clientId}.
   *
   * @throws OAuthException {@code invalid_client}
   */
  public RegisteredClient require(
      ClientAuthentication authentication,
      ClientID clientId,
      boolean allowPublic,
      Context ctx,
      String endpoint) {
    try {
      if (authentication != null) {
        return authenticator.authenticate(authentication);
      }
      if (allowPublic && clientId != null) {
        return authenticator.identifyPublic(clientId);
      }
      throw new ClientAuthenticationException(
          clientId == null ? null : clientId.getValue(), "no client authentication");
    } catch (ClientAuthenticationException e) {
      Map<String, String> details = new HashMap<>();
      details.put("endpoint", endpoint);
      details.put(
          "method", authentication == null ? "none" : authentication.getMethod().getValue());
      audit.record(
          "auth.client.failed",
          Outcome.FAILURE,
          new Actor(null, e.clientId(), ClientAddress.of(ctx), null),
          "client:" + (e.clientId() == null ? "unknown" : e.clientId()),
          "authenticate",
          e.getMessage(),
          details);
      throw OAuthException.of(OAuth2Error.INVALID_CLIENT, "client authentication failed");
    }
  }
}
