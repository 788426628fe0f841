/**
 * Token revocation at the gateway: {@link io.bulwark.gateway.revocation.RevocationList} holds the
 * revocations in force (check it for every authenticated request), fed by {@link
 * io.bulwark.gateway.revocation.RevocationFeedPoller} (the identity server's {@code /revocations}
 * feed), {@link io.bulwark.gateway.revocation.RedisRevocationSubscriber} (channel {@code
 * bulwark:revocations}) or directly by an in-process publisher.
 */
package io.bulwark.gateway.revocation;
