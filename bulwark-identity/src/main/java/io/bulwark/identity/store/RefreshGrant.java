package io.bulwark.identity.store;

import java.time.Instant;

/**
 * A refresh token's session and its own (sliding) expiry.
 *
 * @param family the session the token belongs to
 * @param tokenExpiresAt when this token expires unless rotated before
 */
public record RefreshGrant(RefreshFamily family, Instant tokenExpiresAt) {}
