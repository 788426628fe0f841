package io.bulwark.identity.revocation;

import io.bulwark.identity.store.RevocationEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each stored revocation event to every subscribed listener, in process. A failing listener
 * is logged and does not stop the others or the revocation. Thread-safe.
 */
public final class RevocationBus {
  /** Most listeners at once. */
  public static final int MAX_LISTENERS = 64;

  private static final Logger LOG = LoggerFactory.getLogger(RevocationBus.class);
  private final List<RevocationListener> listeners = new CopyOnWriteArrayList<>();

  /** Adds a listener; returns a handle that removes it. */
  public AutoCloseable subscribe(RevocationListener listener) {
    if (listeners.size() >= MAX_LISTENERS) {
      throw new IllegalStateException("too many revocation listeners");
    }
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  void publish(RevocationEvent event) {
    for (RevocationListener listener : listeners) {
      try {
        listener.onRevocation(event);
      } catch (RuntimeException e) {
        LOG.warn("revocation listener failed on event {}", event.seq(), e);
      }
    }
  }
}
