package io.bulwark.core.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces small files atomically (temporary file, fsync, rename, directory fsync), so readers and
 * crash recovery see the old or the new content, never a mix.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /**
   * Writes {@code content} to {@code target} atomically; mode 0600 if {@code ownerOnly}, else 0644.
   * Missing parent directories are created with mode 0700.
   */
  public static void write(Path target, byte[] content, boolean ownerOnly) throws IOException {
    write(target, content, ownerOnly, true);
  }

  /** As {@link #write(Path, byte[], boolean)}; without {@code sync} nothing is forced to disk. */
  public static void write(Path target, byte[] content, boolean ownerOnly, boolean sync)
      throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    PrivateDirectories.create(dir);
    String mode = ownerOnly ? "rw-------" : "rw-r--r--";
    FileAttribute<?>[] attributes =
        posix
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))
            }
            : new FileAttribute<?>[0];
    Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attributes);
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        if (sync) {
          channel.force(true);
        }
      }
      if (posix) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(mode));
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    if (sync) {
      syncDirectory(dir);
    }
  }

  /** Forces a directory's entries to disk where the platform allows it. */
  public static void syncDirectory(Path dir) {
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every platform can sync a directory; renames stay atomic regardless.
    }
  }
}
