package io.bulwark.core.config;

import java.nio.file.Path;

/**
 * The {@code audit} section: where the local audit log lives and how hard it insists on durability.
 *
 * @param dir directory of the hash-chained audit log files; relative paths are resolved against the
 *     data directory
 * @param fsync when writes are forced to disk
 */
public record AuditConfig(Path dir, FsyncPolicy fsync) {
  /** Default {@code audit.dir}, relative to the data directory. */
  public static final Path DEFAULT_DIR = Path.of("audit");

  /** Default {@code audit.fsync}: durable. */
  public static final FsyncPolicy DEFAULT_FSYNC = FsyncPolicy.ALWAYS;

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or empty
   */
  public AuditConfig {
    if (Checks.present("audit.dir", dir).toString().isEmpty()) {
      throw new ConfigValueException("audit.dir", "must not be empty");
    }
    Checks.present("audit.fsync", fsync);
  }

  /** The documented defaults. */
  public static AuditConfig defaults() {
    return new AuditConfig(DEFAULT_DIR, DEFAULT_FSYNC);
  }

  /** The audit directory itself: {@link #dir()} if absolute, otherwise {@code dataDir/dir}. */
  public Path resolveDir(Path dataDir) {
    return dataDir.resolve(dir);
  }
}
