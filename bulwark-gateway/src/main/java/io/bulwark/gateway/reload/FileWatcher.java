package io.bulwark.gateway.reload;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import io.bulwark.core.fs.WatchLoop;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a few files on one daemon thread and runs a callback once their contents changed. It
 * watches the files' directories rather than the files, so an editor that writes a new file and
 * renames it over the old one, or a Kubernetes secret whose symlinks are swapped, is seen too. A
 * burst of events is debounced (the callback runs after {@code debounce} without events, at most
 * {@value WatchLoop#MAX_DELAY_MILLIS} ms after the first), and the callback runs only when the
 * SHA-256 of the files differs from the last one seen while every file exists, so a half-done
 * replacement (file briefly missing) is waited out.
 */
public final class FileWatcher implements AutoCloseable {
  /** The default quiet time before a burst of changes is acted on. */
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(200);

  private static final Logger log = LoggerFactory.getLogger(FileWatcher.class);

  private final String name;
  private final List<Path> files;
  private final Runnable onChange;
  private String fingerprint;
  private WatchLoop loop;

  private FileWatcher(String name, List<Path> files, Runnable onChange) {
    this.name = name;
    this.files = files;
    this.onChange = onChange;
    this.fingerprint = fingerprint(files).orElse("");
  }

  /**
   * Starts watching {@code files}; {@code onChange} runs on the watcher's thread, and an exception
   * it throws is logged, never stops the watching.
   *
   * @param name names the thread and log lines ("config", "certificate")
   * @throws IOException if a directory cannot be watched
   */
  public static FileWatcher start(
      String name, List<Path> files, Duration debounce, Runnable onChange) throws IOException {
    List<Path> absolute = files.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    if (absolute.isEmpty()) {
      throw new IllegalArgumentException("nothing to watch");
    }
    Set<Path> dirs = new LinkedHashSet<>();
    absolute.forEach(f -> dirs.add(Objects.requireNonNull(f.getParent(), "no parent: " + f)));
    WatchService service = absolute.get(0).getFileSystem().newWatchService();
    try {
      for (Path dir : dirs) {
        dir.register(service, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
      }
    } catch (IOException | RuntimeException e) {
      service.close();
      throw e;
    }
    FileWatcher watcher = new FileWatcher(name, absolute, onChange);
    watcher.loop =
        WatchLoop.start(
            name,
            "bulwark-watch-" + name,
            service,
            debounce,
            key -> {
              key.pollEvents();
              key.reset();
            },
            watcher::changed);
    return watcher;
  }

  private void changed() {
    Optional<String> now = fingerprint(files);
    if (now.isEmpty() || now.get().equals(fingerprint)) {
      return;
    }
    fingerprint = now.get();
    try {
      onChange.run();
    } catch (RuntimeException e) {
      log.error("{} reload failed: {}", name, e.getMessage(), e);
    }
  }

  /** SHA-256 over every file in order, or empty while one of them is missing or unreadable. */
  static Optional<String> fingerprint(List<Path> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[8192];
      for (Path file : files) {
        try (InputStream in = Files.newInputStream(file)) {
          for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
          }
        }
        digest.update((byte) 0);
      }
      return Optional.of(HexFormat.of().formatHex(digest.digest()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      log.debug("cannot read a watched file: {}", e.getMessage());
      return Optional.empty();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** The watched files, absolute. */
  public List<Path> files() {
    return new ArrayList<>(files);
  }

  @Override
  public void close() {
    loop.close();
  }
}
