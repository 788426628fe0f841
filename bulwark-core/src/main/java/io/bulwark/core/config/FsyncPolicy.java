package io.bulwark.core.config;

import java.util.Locale;

/**
 * When the audit log forces its writes to disk: {@code always} after every event (an acknowledged
 * event survives a power loss), {@code batch} (the same guarantee, with one force shared by the
 * appends waiting at the same time: group commit), or {@code os} (the operating system flushes when
 * it likes).
 */
public enum FsyncPolicy {
  /** fsync after every event. */
  ALWAYS,
  /**
   * Group commit: an append still returns only once it is on disk, but concurrent appends share one
   * fsync. Sinks without group commit treat it as {@link #ALWAYS}.
   */
  BATCH,
  /** Leave flushing to the operating system. */
  OS;

  /** The spelling used in {@code bulwark.yaml}. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static FsyncPolicy fromYaml(String path, String value) {
    for (FsyncPolicy policy : values()) {
      if (policy.yamlName().equals(value)) {
        return policy;
      }
    }
    throw new ConfigValueException(path, "must be one of: always, batch, os");
  }
}
