package io.bulwark.policy.reload;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a directory tree on one daemon thread and runs a callback once per burst of changes:
 * after {@value #DEBOUNCE_MILLIS} ms without events, or after {@value #MAX_DELAY_MILLIS} ms of
 * continuous events. New subdirectories are registered as they appear.
 */
final class DirectoryWatcher implements AutoCloseable {
  static final long DEBOUNCE_MILLIS = 200;
  static final long MAX_DELAY_MILLIS = 2_000;

  /** Most directories registered, which bounds the kernel watches a tree can take. */
  static final int MAX_DIRECTORIES = 1_000;

  private static final Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);

  private final Path root;
  private final Runnable onChange;
  private final WatchService service;
  private final Thread thread;
  private int registered;

  private DirectoryWatcher(Path root, Runnable onChange, WatchService service) {
    this.root = root;
    this.onChange = onChange;
    this.service = service;
    this.thread = Thread.ofPlatform().daemon().name("policy-watcher").unstarted(this::run);
  }

  static DirectoryWatcher start(Path root, Runnable onChange) throws IOException {
    DirectoryWatcher watcher =
        new DirectoryWatcher(root, onChange, root.getFileSystem().newWatchService());
    try {
      watcher.registerTree(root);
    } catch (IOException | RuntimeException e) {
      watcher.service.close();
      throw e;
    }
    watcher.thread.start();
    return watcher;
  }

  private void registerTree(Path dir) throws IOException {
    List<Path> dirs;
    try (Stream<Path> walk = Files.walk(dir)) {
      dirs = walk.filter(Files::isDirectory).filter(p -> !hidden(p)).toList();
    }
    for (Path d : dirs) {
      if (registered >= MAX_DIRECTORIES) {
        log.warn("not watching {}: more than {} directories", d, MAX_DIRECTORIES);
        return;
      }
      d.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
      registered++;
    }
  }

  private boolean hidden(Path path) {
    for (Path part : root.relativize(path)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private void run() {
    try {
      while (true) {
        WatchKey key = service.take();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_DELAY_MILLIS);
        while (key != null) {
          handle(key);
          if (System.nanoTime() > deadline) {
            break;
          }
          key = service.poll(DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
        }
        onChange.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ClosedWatchServiceException e) {
      log.debug("policy watcher for {} stopped", root);
    }
  }

  private void handle(WatchKey key) {
    Path dir = (Path) key.watchable();
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == OVERFLOW || event.kind() != ENTRY_CREATE) {
        continue;
      }
      Path child = dir.resolve((Path) event.context());
      if (Files.isDirectory(child) && !hidden(child)) {
        try {
          registerTree(child);
        } catch (IOException e) {
          log.warn("cannot watch new directory {}: {}", child, e.getMessage());
        }
      }
    }
    key.reset();
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      log.debug("closing the watch service of {}", root, e);
    }
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
