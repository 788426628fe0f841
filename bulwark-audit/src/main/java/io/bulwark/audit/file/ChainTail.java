package io.bulwark.audit.file;

import io.bulwark.audit.chain.ChainRecord;
import io.bulwark.audit.chain.Hashes;
import io.bulwark.audit.chain.RecordCodec;
import io.bulwark.core.audit.TornTail;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a writer picks up an audit directory's chain: the last record's seq and hash, the event
 * count, and how many records follow the last checkpoint. A torn last line is cut off first.
 *
 * @param file the file to continue, or {@code null} to start a new one
 * @param lastSeq seq of the last record (0 if none)
 * @param lastHash hash of the last record ({@link Hashes#GENESIS} if none)
 * @param events event records in the whole chain
 * @param unsigned records after the last checkpoint
 * @param lastCheckpointLine the last checkpoint record's line, or {@code null}
 */
record ChainTail(
    Path file,
    long lastSeq,
    String lastHash,
    long events,
    long unsigned,
    byte[] lastCheckpointLine) {

  private static final Logger LOG = LoggerFactory.getLogger(ChainTail.class);

  static ChainTail recover(Path dir) throws IOException {
    List<Path> files = new ArrayList<>(AuditFiles.list(dir));
    while (!files.isEmpty()) {
      Path last = files.get(files.size() - 1);
      cutTornTail(last);
      if (Files.size(last) > 0) {
        Scan scan = Scan.of(last);
        if (scan.lastCheckpoint == null && files.size() > 1) {
          Scan previous = Scan.of(files.get(files.size() - 2));
          if (previous.lastCheckpoint != null && previous.unsignedAfter == 0) {
            return new ChainTail(
                last,
                scan.lastSeq,
                scan.lastHash,
                previous.lastCheckpoint.checkpoint().events() + scan.eventsAfter,
                scan.unsignedAfter,
                previous.lastCheckpointLine);
          }
          throw new IOException(
              "audit file "
                  + files.get(files.size() - 2)
                  + " does not end with a checkpoint;"
                  + " run 'bulwark audit verify'");
        }
        long events =
            scan.lastCheckpoint == null
                ? scan.eventsAfter
                : scan.lastCheckpoint.checkpoint().events() + scan.eventsAfter;
        return new ChainTail(
            last, scan.lastSeq, scan.lastHash, events, scan.unsignedAfter, scan.lastCheckpointLine);
      }
      LOG.warn("Audit file {} is empty (crash before its first record); removing it", last);
      Files.delete(last);
      files.remove(files.size() - 1);
    }
    return new ChainTail(null, 0, Hashes.GENESIS, 0, 0, null);
  }

  private static final class Scan {
    long lastSeq;
    String lastHash;
    ChainRecord lastCheckpoint;
    byte[] lastCheckpointLine;
    long eventsAfter;
    long unsignedAfter;

    static Scan of(Path file) throws IOException {
      Scan scan = new Scan();
      ChainRecord record = null;
      long number = 0;
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          number++;
          try {
            record = RecordCodec.parse(line);
          } catch (IllegalArgumentException e) {
            throw new IOException(
                file
                    + ":"
                    + number
                    + ": not a valid audit record ("
                    + e.getMessage()
                    + "); run 'bulwark audit verify'");
          }
          if (record.isCheckpoint()) {
            scan.lastCheckpoint = record;
            scan.lastCheckpointLine = (line + "\n").getBytes(StandardCharsets.UTF_8);
            scan.eventsAfter = 0;
            scan.unsignedAfter = 0;
          } else {
            scan.eventsAfter++;
            scan.unsignedAfter++;
          }
        }
      }
      if (record == null || !record.hashMatches()) {
        throw new IOException(
            file + ": the last record does not match its hash; run 'bulwark audit verify'");
      }
      scan.lastSeq = record.seq();
      scan.lastHash = record.hash();
      return scan;
    }
  }

  private static void cutTornTail(Path file) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      TornTail.cut(file, channel);
    }
  }
}
