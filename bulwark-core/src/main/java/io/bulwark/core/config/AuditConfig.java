package io.bulwark.core.config;

import java.nio.file.Path;

/**
 * The {@code audit} section: where the local audit log lives and how hard it insists on durability.
 *
 * @param file audit log file; relative paths are resolved against the data directory
 * @param fsync when writes are forced to disk
 */
public record AuditConfig(Path file, FsyncPolicy fsync) {
  /** Default {@code audit.file}, relative to the data directory. */
  public static final Path DEFAULT_FILE = Path.of("audit", "audit.jsonl");

  /** Default {@code audit.fsync}: durable. */
  public static final FsyncPolicy DEFAULT_FSYNC = FsyncPolicy.ALWAYS;

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or empty
   */
  public AuditConfig {
    if (Checks.present("audit.file", file).toString().isEmpty()) {
      throw new ConfigValueException("audit.file", "must not be empty");
    }
    Checks.present("audit.fsync", fsync);
  }

  /** The documented defaults. */
  public static AuditConfig defaults() {
    return new AuditConfig(DEFAULT_FILE, DEFAULT_FSYNC);
  }

  /** The audit file itself: {@link #file()} if absolute, otherwise {@code dataDir/file}. */
  public Path resolveFile(Path dataDir) {
    return dataDir.resolve(file);
  }
}
