package io.bulwark.identity.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.Outcome;
import io.bulwark.identity.IdentityAudit;
import io.bulwark.identity.store.RegisteredClient;
import io.bulwark.identity.token.AccessTokenSpec;
import io.bulwark.identity.token.IssuedToken;
import io.bulwark.identity.token.TokenMinter;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code client_credentials} grant (RFC 6749 §4.4): a token whose subject is the client itself,
 * for service-to-service calls. No refresh token.
 */
final class ClientCredentialsGrant implements GrantHandler {
  private final TokenMinter minter;
  private final IdentityAudit audit;
  private final Duration ttl;

  ClientCredentialsGrant(TokenMinter minter, IdentityAudit audit, Duration ttl) {
    this.minter = minter;
    this.audit = audit;
    this.ttl = ttl;
  }

  @Override
  public AccessTokenResponse handle(TokenRequest request, RegisteredClient client, Context ctx) {
    Set<String> scope = Scopes.grant(request.getScope(), client.scopes());
    List<String> audiences = Audiences.choose(request, client);
    String thumbprint = CertificateBinding.thumbprint(client, ctx);
    IssuedToken token =
        minter.accessToken(
            new AccessTokenSpec(
                client.clientId(),
                client.clientId(),
                audiences,
                Scopes.join(scope),
                List.of(),
                CertificateBinding.withConfirmation(Map.of(), thumbprint),
                null,
                null,
                List.of(),
                null,
                ttl));
    audit.record(
        "token.issued",
        Outcome.SUCCESS,
        new Actor(client.clientId(), client.clientId(), ClientAddress.of(ctx), null),
        "client:" + client.clientId(),
        "issue",
        null,
        Map.of(
            "grant_type",
            "client_credentials",
            "jti",
            token.jti(),
            "aud",
            String.join(" ", audiences)));
    return new AccessTokenResponse(
        new Tokens(
            new BearerAccessToken(token.value(), ttl.toSeconds(), Scopes.toScope(scope)), null));
  }
}
