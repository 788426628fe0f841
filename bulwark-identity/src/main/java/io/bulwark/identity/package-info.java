/**
 * The Bulwark identity server: an OAuth 2.1 / OpenID Connect authorization server. Start at {@link
 * io.bulwark.identity.IdentityServer}.
 */
package io.bulwark.identity;
