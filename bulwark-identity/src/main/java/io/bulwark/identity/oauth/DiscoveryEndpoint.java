package io.bulwark.identity.oauth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * Server metadata: OpenID Connect Discovery ({@code /.well-known/openid-configuration}) and RFC
 * 8414 ({@code /.well-known/oauth-authorization-server}) serve the same document, built with
 * Nimbus's {@link OIDCProviderMetadata}.
 */
public final class DiscoveryEndpoint {
  private final String document;

  DiscoveryEndpoint(Endpoints endpoints, JWSAlgorithm algorithm, boolean mutualTls) {
    OIDCProviderMetadata m =
        new OIDCProviderMetadata(
            new Issuer(endpoints.issuer()),
            List.of(SubjectType.PUBLIC),
            endpoints.url(Endpoints.JWKS));
    m.setAuthorizationEndpointURI(endpoints.url(Endpoints.AUTHORIZE));
    m.setTokenEndpointURI(endpoints.url(Endpoints.TOKEN));
    m.setIntrospectionEndpointURI(endpoints.url(Endpoints.INTROSPECT));
    m.setRevocationEndpointURI(endpoints.url(Endpoints.REVOKE));
    m.setUserInfoEndpointURI(endpoints.url(Endpoints.USERINFO));
    m.setEndSessionEndpointURI(endpoints.url(Endpoints.LOGOUT));
    m.setResponseTypes(List.of(ResponseType.CODE));
    m.setGrantTypes(
        List.of(
            GrantType.AUTHORIZATION_CODE,
            GrantType.CLIENT_CREDENTIALS,
            GrantType.REFRESH_TOKEN,
            TokenExchangeGrant.GRANT_TYPE));
    m.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
    List<ClientAuthenticationMethod> auth =
        new ArrayList<>(
            List.of(
                ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                ClientAuthenticationMethod.CLIENT_SECRET_POST,
                ClientAuthenticationMethod.PRIVATE_KEY_JWT));
    if (mutualTls) {
      // RFC 8705: tls_client_auth at the same endpoints (no mtls_endpoint_aliases needed).
      auth.add(ClientAuthenticationMethod.TLS_CLIENT_AUTH);
      m.setSupportsTLSClientCertificateBoundAccessTokens(true);
    }
    m.setTokenEndpointAuthMethods(auth);
    m.setIntrospectionEndpointAuthMethods(auth);
    m.setRevocationEndpointAuthMethods(auth);
    List<JWSAlgorithm> assertionAlgs =
        List.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);
    m.setTokenEndpointJWSAlgs(assertionAlgs);
    m.setIDTokenJWSAlgs(List.of(algorithm));
    m.setScopes(new Scope("openid", "profile", "offline_access"));
    m.setSupportsRequestURIParam(false);
    m.setSupportsAuthorizationResponseIssuerParam(true);
    this.document = m.toJSONObject().toJSONString();
  }

  /** Handles both well-known paths. */
  public void handle(Context ctx) {
    ctx.header("Cache-Control", "public, max-age=300");
    ctx.contentType("application/json");
    ctx.result(document);
  }
}
