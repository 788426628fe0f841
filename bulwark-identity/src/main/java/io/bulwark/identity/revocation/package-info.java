/**
 * Revocation: the {@link io.bulwark.identity.revocation.Revoker} records revocations and publishes
 * them on the in-process {@link io.bulwark.identity.revocation.RevocationBus}; gateways also poll
 * {@code GET /revocations}.
 */
package io.bulwark.identity.revocation;
