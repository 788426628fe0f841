package io.bulwark.core.fs;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread behind Bulwark's file watchers: it takes the events of a {@link WatchService}, hands
 * each signalled key to the watcher, and runs a callback once per burst of events, after {@code
 * debounce} without events or at most {@value #MAX_DELAY_MILLIS} ms after the burst's first event.
 * Watchers decide what to register and what a change means; this class only debounces and stops.
 */
public final class WatchLoop implements AutoCloseable {
  /** The longest a continuous burst of events delays the callback. */
  public static final long MAX_DELAY_MILLIS = 2_000;

  private static final Logger log = LoggerFactory.getLogger(WatchLoop.class);

  private final String name;
  private final WatchService service;
  private final Duration debounce;
  private final Consumer<WatchKey> onKey;
  private final Runnable onBurst;
  private final Thread thread;

  private WatchLoop(
      String name,
      String threadName,
      WatchService service,
      Duration debounce,
      Consumer<WatchKey> onKey,
      Runnable onBurst) {
    this.name = Objects.requireNonNull(name);
    this.service = Objects.requireNonNull(service);
    this.debounce = Objects.requireNonNull(debounce);
    this.onKey = Objects.requireNonNull(onKey);
    this.onBurst = Objects.requireNonNull(onBurst);
    this.thread = Thread.ofPlatform().daemon().name(threadName).unstarted(this::run);
  }

  /**
   * Starts a daemon thread named {@code threadName} that watches {@code service}, which the loop
   * owns from now on (closing the loop closes it).
   *
   * @param name says what is watched, in log lines
   * @param onKey handles one signalled key: it must poll its events and reset it
   * @param onBurst runs on the loop's thread after each burst; if it throws, the loop ends
   */
  public static WatchLoop start(
      String name,
      String threadName,
      WatchService service,
      Duration debounce,
      Consumer<WatchKey> onKey,
      Runnable onBurst) {
    WatchLoop loop = new WatchLoop(name, threadName, service, debounce, onKey, onBurst);
    loop.thread.start();
    return loop;
  }

  private void run() {
    try {
      while (true) {
        WatchKey key = service.take();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_DELAY_MILLIS);
        while (key != null) {
          onKey.accept(key);
          if (System.nanoTime() > deadline) {
            break;
          }
          key = service.poll(debounce.toMillis(), TimeUnit.MILLISECONDS);
        }
        onBurst.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ClosedWatchServiceException e) {
      log.debug("{} watcher stopped", name);
    }
  }

  /** Closes the watch service and waits up to two seconds for the thread to end. */
  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      log.debug("closing the {} watcher", name, e);
    }
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
