package io.bulwark.core.config;

import java.util.Locale;

/**
 * When the audit log forces its writes to disk: {@code always} before an append is acknowledged (an
 * acknowledged event survives a power loss; concurrent appends share one force), {@code batch}
 * shortly after (an acknowledged event survives the process being killed, a power loss may lose the
 * last few milliseconds), or {@code os} (the operating system flushes when it likes).
 */
public enum FsyncPolicy {
  /** An append returns once it is on disk; appends waiting together share one fsync. */
  ALWAYS,
  /**
   * An append returns once written to the operating system; a background fsync follows within
   * milliseconds. Sinks without a background flusher treat it as {@link #ALWAYS}.
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
