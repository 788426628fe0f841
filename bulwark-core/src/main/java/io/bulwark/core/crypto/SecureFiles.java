package io.bulwark.core.crypto;

import io.bulwark.core.fs.PrivateDirectories;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/** Private directories, bounded reads and the owner-only check for private key files. */
final class SecureFiles {

  static final long MAX_FILE_SIZE = 1024 * 1024;

  private static final Set<PosixFilePermission> GROUP_OR_OTHER =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private SecureFiles() {}

  static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** Creates {@code dir} and missing parents, new ones with mode 0700. */
  static void createPrivateDirectories(Path dir) throws IOException {
    PrivateDirectories.create(dir);
  }

  /**
   * Refuses a private key file that group or others can access, as OpenSSH does: the key may
   * already be exposed, and silently tightening would hide that.
   */
  static void requireOwnerOnly(Path file) throws CryptoFileException {
    if (!posix()) {
      return;
    }
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (IOException e) {
      throw new CryptoFileException(file, "cannot read permissions", e);
    }
    if (permissions.stream().anyMatch(GROUP_OR_OTHER::contains)) {
      throw new CryptoFileException(
          file,
          "private key file is accessible by group or others (mode "
              + PosixFilePermissions.toString(permissions)
              + "); run 'chmod 600 "
              + file
              + "' if it was not exposed, otherwise delete it to create a new key");
    }
  }

  /** Reads a file of at most {@link #MAX_FILE_SIZE} bytes. */
  static byte[] readBounded(Path file) throws CryptoFileException {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_SIZE) {
        throw new CryptoFileException(file, "file is larger than " + MAX_FILE_SIZE + " bytes");
      }
      return Files.readAllBytes(file);
    } catch (CryptoFileException e) {
      throw e;
    } catch (IOException e) {
      throw new CryptoFileException(file, "cannot read file", e);
    }
  }
}
