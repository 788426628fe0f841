package io.bulwark.core.fs;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates directories for Bulwark's state (keys, stores, audit logs) that only the owner can enter:
 * new directories get mode 0700 when the file system has POSIX permissions.
 */
public final class PrivateDirectories {
  private PrivateDirectories() {}

  /** Creates {@code dir} and any missing parents, new ones with mode 0700; returns {@code dir}. */
  public static Path create(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
    return dir;
  }
}
