/**
 * The OAuth 2.1 / OpenID Connect endpoints, wired by {@link io.bulwark.identity.oauth.OAuthServer}:
 * discovery, JWKS, authorization (code + PKCE), token (grants), introspection, revocation, userinfo
 * and the revocation feed. Errors follow RFC 6749 §5.2, never problem+json.
 */
package io.bulwark.identity.oauth;
