package io.bulwark.audit.read;

import io.bulwark.audit.chain.ChainRecord;
import io.bulwark.audit.chain.RecordCodec;
import io.bulwark.audit.file.AuditFiles;
import io.bulwark.audit.file.LineReader;
import io.bulwark.core.audit.AuditEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the events of an audit directory in chain order, for {@code tail} and {@code query}. It
 * does not verify hashes or signatures ({@link io.bulwark.audit.verify.AuditVerifier} does); it
 * skips checkpoints and stops before an incomplete last line, which a writer may still be writing.
 */
public final class AuditReader {

  private final Path dir;

  /** Reads the audit directory {@code dir}. */
  public AuditReader(Path dir) {
    this.dir = dir;
  }

  /**
   * Passes every event after {@code from} to {@code sink}, and returns the position after the last
   * complete record read, from which a later call continues (as {@code tail --follow} does).
   *
   * @throws IOException if a file cannot be read or holds a line that is not a record
   */
  public Cursor read(Cursor from, Consumer<AuditEvent> sink) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + " is not a directory");
    }
    Cursor cursor = from;
    for (Path file : AuditFiles.list(dir)) {
      String name = file.getFileName().toString();
      if (cursor.file() != null && name.compareTo(cursor.file()) < 0) {
        continue;
      }
      boolean same = name.equals(cursor.file());
      long offset = same ? cursor.offset() : 0;
      long lineNumber = same ? cursor.line() : 0;
      try (LineReader reader = LineReader.open(file, offset, lineNumber)) {
        for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
          if (!line.complete()) {
            break;
          }
          if (line.text() == null) {
            throw new IOException(file + ":" + line.number() + ": " + line.problem());
          }
          ChainRecord record;
          try {
            record = RecordCodec.parse(line.text());
          } catch (IllegalArgumentException e) {
            throw new IOException(
                file + ":" + line.number() + ": not a valid record (" + e.getMessage() + ")");
          }
          if (record.event() != null) {
            sink.accept(record.event());
          }
          offset = reader.offset();
          lineNumber = line.number();
        }
      }
      cursor = new Cursor(name, offset, lineNumber);
    }
    return cursor;
  }

  /** The events matching {@code filter}, oldest first. */
  public List<AuditEvent> query(EventFilter filter) throws IOException {
    List<AuditEvent> found = new ArrayList<>();
    read(
        Cursor.START,
        event -> {
          if (filter.test(event)) {
            found.add(event);
          }
        });
    return found;
  }

  /**
   * The last {@code count} events, oldest first, and the position after them.
   *
   * @param events the events
   * @param end where to continue reading for new events
   */
  public record Tail(List<AuditEvent> events, Cursor end) {}

  /** The last {@code count} events (0 for none) and where new events will start. */
  public Tail tail(int count) throws IOException {
    ArrayDeque<AuditEvent> last = new ArrayDeque<>(Math.max(1, Math.min(count, 10_000)));
    Cursor end =
        read(
            Cursor.START,
            event -> {
              if (count == 0) {
                return;
              }
              if (last.size() == count) {
                last.removeFirst();
              }
              last.addLast(event);
            });
    return new Tail(List.copyOf(last), end);
  }
}
