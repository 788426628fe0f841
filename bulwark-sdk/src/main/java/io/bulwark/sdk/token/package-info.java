/**
 * Access-token verification for services: every service checks its caller itself (defence in
 * depth), even behind the gateway. {@link io.bulwark.sdk.token.TokenVerifier} verifies RFC 9068 JWT
 * access tokens with Nimbus; {@link io.bulwark.sdk.token.BearerToken} extracts them from an RFC
 * 6750 {@code Authorization} header.
 */
package io.bulwark.sdk.token;
