/**
 * The stages that connect the authentication, revocation and rate-limit libraries to the security
 * chain, and {@link io.bulwark.gateway.security.GatewaySecurity}, which builds them from
 * configuration and owns their background work (revocation feed, Redis).
 */
package io.bulwark.gateway.security;
