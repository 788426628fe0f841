package io.bulwark.cli.up;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a role process started, closed in reverse order of start; a failed close is logged and the
 * rest still close. Shared by the processes that run one role ({@code serve}).
 */
final class OwnedResources implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OwnedResources.class);

  /** A start that may fail half-way. */
  @FunctionalInterface
  interface Start {
    void run() throws IOException;
  }

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  /** Remembers {@code resource} for {@link #close} and returns it. */
  <T extends AutoCloseable> T own(T resource) {
    synchronized (resources) {
      resources.push(resource);
    }
    return resource;
  }

  /** Runs {@code start}; if it fails, closes what it had started and rethrows. */
  void startOrClose(Start start) {
    try {
      start.run();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public void close() {
    while (true) {
      AutoCloseable resource;
      synchronized (resources) {
        if (resources.isEmpty()) {
          return;
        }
        resource = resources.pop();
      }
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("error while stopping {}", resource.getClass().getSimpleName(), e);
      }
    }
  }
}
