package io.bulwark.cli.up;

import java.nio.file.Path;

/**
 * Where {@code bulwark up} keeps its state inside the data dir. Paths are relative to the data dir;
 * the layout is documented in docs/data-dir.md and other tools (e.g. {@code bulwark token}) rely on
 * it.
 */
public final class DataDirLayout {
  /** Local CA and the localhost server certificate. */
  public static final String TLS_DIR = "tls";

  /** The identity server's H2 database (users, clients, grants, its signing keys). */
  public static final String IDENTITY_DIR = "identity";

  /**
   * Ed25519 key that signs the audit log's checkpoints (mode 0600); its public half is beside it as
   * {@code audit-signing.pub.pem}, for {@code bulwark audit verify}.
   */
  public static final String AUDIT_SIGNING_KEY = "keys/audit-signing.pem";

  /** URLs of every running role, for scripts and tests. */
  public static final String ENDPOINTS = "endpoints.json";

  private DataDirLayout() {}

  /** Resolves a layout path against {@code dataDir}. */
  public static Path resolve(Path dataDir, String relative) {
    return dataDir.resolve(relative);
  }
}
