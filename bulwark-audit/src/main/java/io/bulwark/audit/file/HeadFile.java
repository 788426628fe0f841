package io.bulwark.audit.file;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.audit.chain.ChainRecord;
import io.bulwark.audit.chain.RecordCodec;
import io.bulwark.core.fs.AtomicFiles;
import io.bulwark.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code head.json}: a copy of the latest checkpoint record and the name of the file being written,
 * replaced atomically. A verifier compares it with the log, so cutting signed records off the end
 * of the log is detected unless the head file is rolled back too (keep copies of checkpoints
 * elsewhere to rule that out).
 *
 * @param file name of the chain file being written when the head was saved
 * @param checkpoint the latest checkpoint record
 */
public record HeadFile(String file, ChainRecord checkpoint) {

  private static final int MAX_SIZE = 64 * 1024;

  /** Saves a head: {@code checkpointLine} is the checkpoint record's line as written. */
  static void write(Path dir, String file, byte[] checkpointLine, boolean sync) throws IOException {
    writeTo(dir.resolve(AuditFiles.HEAD), file, checkpointLine, sync);
  }

  /** Saves {@code checkpointLine} with {@code file} in the head format at {@code target}. */
  static void writeTo(Path target, String file, byte[] checkpointLine, boolean sync)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(checkpointLine.length + 64);
    out.writeBytes(("{\"file\":\"" + file + "\",\"checkpoint\":").getBytes(StandardCharsets.UTF_8));
    out.write(checkpointLine, 0, checkpointLine.length - 1);
    out.writeBytes("}\n".getBytes(StandardCharsets.US_ASCII));
    AtomicFiles.write(target, out.toByteArray(), false, sync);
  }

  /**
   * Reads the head of {@code dir}, if there is one.
   *
   * @throws IOException if it cannot be read
   * @throws IllegalArgumentException if it is malformed
   */
  public static Optional<HeadFile> read(Path dir) throws IOException {
    return readFrom(dir.resolve(AuditFiles.HEAD));
  }

  /** Reads a file in the head format ({@code head.json} or {@code anchor.json}), if it exists. */
  public static Optional<HeadFile> readFrom(Path path) throws IOException {
    String name = path.getFileName().toString();
    if (!Files.exists(path)) {
      return Optional.empty();
    }
    if (Files.size(path) > MAX_SIZE) {
      throw new IllegalArgumentException(name + " is too large");
    }
    JsonNode root = Json.mapper().readTree(Files.readString(path, StandardCharsets.UTF_8));
    if (root == null
        || !root.isObject()
        || root.size() != 2
        || !root.path("file").isTextual()
        || !root.path("checkpoint").isObject()) {
      throw new IllegalArgumentException(name + " must hold 'file' and 'checkpoint'");
    }
    ChainRecord record = RecordCodec.parse(root.get("checkpoint").toString());
    if (!record.isCheckpoint()) {
      throw new IllegalArgumentException(name + " does not hold a checkpoint record");
    }
    return Optional.of(new HeadFile(root.get("file").textValue(), record));
  }
}
