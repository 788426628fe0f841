/**
 * Token signing: the {@link io.bulwark.identity.token.SigningKeyRing} (rotation, JWKS), the {@link
 * io.bulwark.identity.token.TokenMinter} of RFC 9068 access tokens and ID tokens, and the {@link
 * io.bulwark.identity.token.TokenReader} that checks this server's own tokens.
 */
package io.bulwark.identity.token;
