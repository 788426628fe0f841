package io.bulwark.audit.verify;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link AuditVerifier} found: counts, the first failure if any, and warnings.
 *
 * @param files chain files read
 * @param records records that verified (events and checkpoints)
 * @param events event records among them
 * @param checkpoints checkpoints whose signature verified
 * @param signedThrough seq of the last record covered by a valid signature (0 if none)
 * @param failure the first problem found, or {@code null} if the log verified
 * @param warnings things that do not fail verification but a reader should know
 */
public record VerificationResult(
    long files,
    long records,
    long events,
    long checkpoints,
    long signedThrough,
    Failure failure,
    List<String> warnings) {

  /** Copies the warnings. */
  public VerificationResult {
    warnings = List.copyOf(warnings);
  }

  /** Whether the log verified. */
  public boolean ok() {
    return failure == null;
  }

  /** The first failure, if any. */
  public Optional<Failure> firstFailure() {
    return Optional.ofNullable(failure);
  }

  /**
   * The first bad record.
   *
   * @param file the file holding it
   * @param line its 1-based line number (0 when the problem is not one line, such as a missing
   *     file)
   * @param seq its sequence number, or -1 if unknown
   * @param eventId its event id, or {@code null} if unknown or a checkpoint
   * @param problem what is wrong
   */
  public record Failure(Path file, long line, long seq, String eventId, String problem) {

    /** One line: {@code file:line: seq N (id X): problem}. */
    public String format() {
      StringBuilder text = new StringBuilder().append(file);
      if (line > 0) {
        text.append(':').append(line);
      }
      text.append(": ");
      if (seq >= 0) {
        text.append("seq ").append(seq);
        if (eventId != null) {
          text.append(" (id ").append(eventId).append(')');
        }
        text.append(": ");
      }
      return text.append(problem).toString();
    }
  }
}
