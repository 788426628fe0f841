package io.bulwark.identity.revocation;

import io.bulwark.identity.store.RevocationEvent;

/**
 * Told about every revocation as soon as it is stored (the in-process bus of {@code bulwark up}; a
 * Redis publisher is another listener). Implementations must be thread-safe and quick: they run on
 * the thread that revoked.
 */
@FunctionalInterface
public interface RevocationListener {
  void onRevocation(RevocationEvent event);
}
