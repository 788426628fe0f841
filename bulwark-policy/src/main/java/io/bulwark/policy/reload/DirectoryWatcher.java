package io.bulwark.policy.reload;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import io.bulwark.core.fs.WatchLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a directory tree on one daemon thread and runs a callback once per burst of changes:
 * after {@value #DEBOUNCE_MILLIS} ms without events, or after {@value WatchLoop#MAX_DELAY_MILLIS}
 * ms of continuous events. New subdirectories are registered as they appear.
 */
final class DirectoryWatcher implements AutoCloseable {
  static final long DEBOUNCE_MILLIS = 200;

  /** Most directories registered, which bounds the kernel watches a tree can take. */
  static final int MAX_DIRECTORIES = 1_000;

  private static final Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);

  private final Path root;
  private final WatchService service;
  private WatchLoop loop;
  private int registered;

  private DirectoryWatcher(Path root, WatchService service) {
    this.root = root;
    this.service = service;
  }

  static DirectoryWatcher start(Path root, Runnable onChange) throws IOException {
    DirectoryWatcher watcher = new DirectoryWatcher(root, root.getFileSystem().newWatchService());
    try {
      watcher.registerTree(root);
    } catch (IOException | RuntimeException e) {
      watcher.service.close();
      throw e;
    }
    watcher.loop =
        WatchLoop.start(
            "policy " + root,
            "policy-watcher",
            watcher.service,
            Duration.ofMillis(DEBOUNCE_MILLIS),
            watcher::handle,
            onChange);
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
    loop.close();
  }
}
