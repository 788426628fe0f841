package io.bulwark.core.config;

import java.util.Locale;

/**
 * When the audit log forces its writes to disk: {@code always} after every event (an acknowledged
 * event survives a power loss), or {@code os} (the operating system flushes when it likes).
 */
public enum FsyncPolicy {
  /** fsync after every event. */
  ALWAYS,
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
    throw new ConfigValueException(path, "must be one of: always, os");
  }
}
