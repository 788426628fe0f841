package io.bulwark.identity.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import io.bulwark.identity.store.RegisteredClient;
import io.javalin.http.Context;

/** Answers a token request of one grant type, for a client already authenticated. */
interface GrantHandler {

  /**
   * Issues tokens, auditing the issuance.
   *
   * @throws OAuthException with the RFC 6749 §5.2 error when the grant is refused
   */
  AccessTokenResponse handle(TokenRequest request, RegisteredClient client, Context ctx);
}
