package io.bulwark.audit.file;

import io.bulwark.audit.chain.ChainRecord;
import io.bulwark.audit.chain.RecordCodec;
import io.bulwark.core.fs.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes old chain files of a closed audit directory while keeping the rest verifiable: the signed
 * checkpoint that ends the last deleted file is saved first as {@link AuditFiles#ANCHOR}, and the
 * verifier starts the chain there. Only whole files whose last checkpoint is older than the cutoff
 * go, oldest first, and the two newest files always stay (a writer resumes from them).
 */
public final class AuditRetention {

  /**
   * What was pruned.
   *
   * @param deleted the files removed, oldest first
   * @param anchorSeq seq of the checkpoint the kept chain now starts after (0 if nothing pruned)
   */
  public record Result(List<Path> deleted, long anchorSeq) {
    /** Copies the list. */
    public Result {
      deleted = List.copyOf(deleted);
    }
  }

  private AuditRetention() {}

  /**
   * Deletes the files of {@code dir} whose last checkpoint was signed before {@code cutoff}.
   *
   * @throws IOException if a writer holds the directory, or a file cannot be read or deleted
   */
  public static Result pruneBefore(Path dir, Instant cutoff) throws IOException {
    try (FileChannel lockChannel =
            FileChannel.open(
                dir.resolve(AuditFiles.LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = tryLock(lockChannel, dir)) {
      List<Path> files = AuditFiles.list(dir);
      List<Path> doomed = new ArrayList<>();
      String anchorLine = null;
      for (int i = 0; i < files.size() - 2; i++) {
        String last = lastLine(files.get(i));
        ChainRecord record = last == null ? null : RecordCodec.parse(last);
        if (record == null
            || !record.isCheckpoint()
            || !record.hashMatches()
            || !record.checkpoint().time().isBefore(cutoff)) {
          break;
        }
        doomed.add(files.get(i));
        anchorLine = last;
      }
      if (doomed.isEmpty()) {
        return new Result(List.of(), 0);
      }
      byte[] line = (anchorLine + "\n").getBytes(StandardCharsets.UTF_8);
      HeadFile.writeTo(
          dir.resolve(AuditFiles.ANCHOR), doomed.getLast().getFileName().toString(), line, true);
      for (Path file : doomed) {
        Files.delete(file);
      }
      AtomicFiles.syncDirectory(dir);
      return new Result(doomed, RecordCodec.parse(anchorLine).seq());
    }
  }

  private static FileLock tryLock(FileChannel channel, Path dir) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new IOException("audit directory " + dir + " is open in a writer; prune it closed");
    }
    return lock;
  }

  private static String lastLine(Path file) throws IOException {
    String last = null;
    try (LineReader reader = LineReader.open(file)) {
      for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
        if (!line.complete() || line.text() == null) {
          return null;
        }
        last = line.text();
      }
    }
    return last;
  }
}
