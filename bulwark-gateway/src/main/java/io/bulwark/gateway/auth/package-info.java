/**
 * Who is calling: the gateway's authentication step, independent of Netty. Start with {@link
 * io.bulwark.gateway.auth.JwtAuthenticator} (JWT bearer tokens from configured issuers, settings in
 * {@link io.bulwark.gateway.auth.IssuerSettings}), {@link
 * io.bulwark.gateway.auth.ApiKeyAuthenticator} and {@link
 * io.bulwark.gateway.auth.MtlsAuthenticator}; each yields an {@link
 * io.bulwark.gateway.auth.AuthResult} holding an {@link
 * io.bulwark.gateway.auth.AuthenticatedPrincipal} or an {@link
 * io.bulwark.gateway.auth.AuthFailure}.
 */
package io.bulwark.gateway.auth;
