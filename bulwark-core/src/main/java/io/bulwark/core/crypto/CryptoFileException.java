package io.bulwark.core.crypto;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A key or certificate file is missing, unreadable, corrupt, unsafe (readable by others) or does
 * not fit the rest of the stored state. The message names the file and the problem, never the key
 * material.
 */
public final class CryptoFileException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;

  CryptoFileException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  CryptoFileException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  /** The file concerned. */
  public Path file() {
    return file;
  }
}
