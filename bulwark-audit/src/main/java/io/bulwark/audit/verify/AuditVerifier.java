package io.bulwark.audit.verify;

import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.chain.ChainRecord;
import io.bulwark.audit.chain.Checkpoint;
import io.bulwark.audit.chain.Hashes;
import io.bulwark.audit.chain.RecordCodec;
import io.bulwark.audit.file.AuditFiles;
import io.bulwark.audit.file.HeadFile;
import io.bulwark.audit.file.LineReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a chained audit log: every record's hash over its canonical content, the link to the
 * record before, gap-free sequence numbers across files, every checkpoint's Ed25519 signature with
 * the given public keys, and (for a directory) that the log still reaches the checkpoint saved in
 * {@code head.json}. It stops at the first failure and reports its file, line, seq and event id.
 *
 * <p>Records after the last valid checkpoint are not authenticated: they are a warning (a crash
 * leaves such a tail, the writer signs it on restart) or, with {@code strict}, a failure. In strict
 * mode a directory without {@code head.json} fails as well.
 */
public final class AuditVerifier {

  private final Map<String, PublicKey> keys = new LinkedHashMap<>();
  private final boolean strict;

  /** Verifies with {@code publicKeys} (at least one Ed25519 key); see the class comment. */
  public AuditVerifier(Collection<PublicKey> publicKeys, boolean strict) {
    if (publicKeys.isEmpty()) {
      throw new IllegalArgumentException("at least one public key is needed to verify");
    }
    publicKeys.forEach(key -> keys.put(AuditKeys.keyId(key), key));
    this.strict = strict;
  }

  /** Verifies every chain file of the audit directory {@code dir} and its head file. */
  public VerificationResult verifyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + " is not a directory");
    }
    Run run = new Run();
    Path headPath = dir.resolve(AuditFiles.HEAD);
    Optional<HeadFile> head;
    String headProblem = null;
    try {
      head = HeadFile.read(dir);
    } catch (IllegalArgumentException e) {
      head = Optional.empty();
      headProblem = "invalid: " + e.getMessage();
    }
    if (head.isPresent()) {
      ChainRecord saved = head.get().checkpoint();
      headProblem =
          saved.hashMatches() ? run.checkSignature(saved) : "checkpoint does not match its hash";
      if (headProblem == null) {
        run.head = saved;
      }
    }
    List<Path> chain = AuditFiles.list(dir);
    Path anchorPath = dir.resolve(AuditFiles.ANCHOR);
    Optional<HeadFile> anchor;
    try {
      anchor = HeadFile.readFrom(anchorPath);
    } catch (IllegalArgumentException e) {
      return run.fail(anchorPath, 1, -1, null, "invalid: " + e.getMessage());
    }
    if (anchor.isPresent()) {
      ChainRecord start = anchor.get().checkpoint();
      String problem =
          start.hashMatches() ? run.checkSignature(start) : "checkpoint does not match its hash";
      if (problem != null) {
        return run.fail(anchorPath, 1, start.seq(), null, problem);
      }
      run.startAfter(start);
      chain = chain.stream().filter(file -> AuditFiles.firstSeqOf(file) > start.seq()).toList();
    }
    VerificationResult result = run.verify(chain, true);
    if (result != null) {
      return result;
    }
    if (headProblem != null) {
      return run.fail(headPath, 1, -1, null, headProblem);
    }
    String missingHead =
        head.isEmpty() && run.records > 0
            ? "no " + AuditFiles.HEAD + ": cannot tell whether signed records were cut off the end"
            : null;
    return run.finish(headPath, missingHead);
  }

  /**
   * Verifies {@code files} as one chain in the order given; it must start at the first record (seq
   * 1).
   */
  public VerificationResult verifyFiles(List<Path> files) throws IOException {
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new IOException(file + ": no such file");
      }
    }
    Run run = new Run();
    VerificationResult result = run.verify(files, false);
    return result != null ? result : run.finish(null, null);
  }

  /**
   * Verifies the records {@code lines} yields (one JSON line each, in chain order from seq 1) as
   * one chain, such as the copy a database sink holds; failures name {@code source} and the 1-based
   * position of the line.
   */
  public VerificationResult verifyRecords(Path source, Iterator<String> lines) {
    Run run = new Run();
    VerificationResult result = run.verifyLines(source, lines);
    return result != null ? result : run.finish(null, null);
  }

  private final class Run {
    long files;
    long records;
    long events;
    long checkpoints;
    long signedThrough;
    long expectedSeq = 1;
    String prevHash = Hashes.GENESIS;
    Path lastFile;
    long lastLine;
    long firstUnsignedLine;
    Path firstUnsignedFile;
    ChainRecord head;
    boolean anchored;
    final List<String> warnings = new ArrayList<>();

    /** Starts the chain after a signed checkpoint whose earlier records were pruned. */
    void startAfter(ChainRecord anchor) {
      anchored = true;
      expectedSeq = anchor.seq() + 1;
      prevHash = anchor.hash();
      events = anchor.checkpoint().events();
      signedThrough = anchor.seq();
      warnings.add(
          "records up to seq "
              + anchor.seq()
              + " were pruned; the chain is verified from the checkpoint in "
              + AuditFiles.ANCHOR
              + " signed at "
              + anchor.checkpoint().time());
    }

    VerificationResult verify(List<Path> chain, boolean directory) throws IOException {
      for (int i = 0; i < chain.size(); i++) {
        Path file = chain.get(i);
        boolean lastFileOfChain = i == chain.size() - 1;
        files++;
        VerificationResult failed = verifyFile(file, directory, lastFileOfChain);
        if (failed != null) {
          return failed;
        }
      }
      if (head != null && head.seq() >= expectedSeq) {
        return fail(
            lastFile == null ? Path.of(AuditFiles.HEAD) : lastFile,
            lastLine + 1,
            expectedSeq,
            null,
            "log truncated: "
                + AuditFiles.HEAD
                + " holds a signed checkpoint at seq "
                + head.seq()
                + " but the log ends at seq "
                + (expectedSeq - 1));
      }
      return null;
    }

    private VerificationResult verifyFile(Path file, boolean directory, boolean lastFileOfChain)
        throws IOException {
      lastFile = file;
      lastLine = 0;
      try (LineReader reader = LineReader.open(file)) {
        for (LineReader.Line line = reader.next(); line != null; line = reader.next()) {
          lastLine = line.number();
          if (!line.complete()) {
            if (lastFileOfChain) {
              warnings.add(
                  file
                      + ":"
                      + line.number()
                      + ": incomplete last line ignored (torn by a crash,"
                      + " never acknowledged)");
              break;
            }
            return fail(file, line.number(), -1, null, "incomplete line inside the chain");
          }
          if (line.text() == null) {
            return fail(file, line.number(), -1, null, line.problem());
          }
          VerificationResult failed = verifyLine(file, line.number(), line.text(), directory);
          if (failed != null) {
            return failed;
          }
        }
      }
      return null;
    }

    VerificationResult verifyLines(Path source, Iterator<String> lines) {
      files++;
      lastFile = source;
      lastLine = 0;
      while (lines.hasNext()) {
        lastLine++;
        VerificationResult failed = verifyLine(source, lastLine, lines.next(), false);
        if (failed != null) {
          return failed;
        }
      }
      return null;
    }

    private VerificationResult verifyLine(Path file, long number, String text, boolean directory) {
      ChainRecord record;
      try {
        record = RecordCodec.parse(text);
      } catch (IllegalArgumentException e) {
        return fail(file, number, -1, null, "not a valid record: " + e.getMessage());
      }
      String eventId = record.event() == null ? null : record.event().id();
      String problem = check(record, file, number, directory);
      if (problem != null) {
        return fail(file, number, record.seq(), eventId, problem);
      }
      accept(record, file, number);
      return null;
    }

    private String check(ChainRecord record, Path file, long line, boolean directory) {
      if (!record.hashMatches()) {
        return "content does not match the record's hash (the record was edited)";
      }
      if (record.seq() != expectedSeq) {
        return "expected seq "
            + expectedSeq
            + " but found "
            + record.seq()
            + " (records deleted, duplicated or out of order)";
      }
      if (!record.prev().equals(prevHash)) {
        return expectedSeq == 1
            ? "the first record must have prev " + Hashes.GENESIS
            : "prev does not match the hash of the record before (seq "
                + (expectedSeq - 1)
                + "): the chain was altered";
      }
      if (directory && line == 1 && AuditFiles.firstSeqOf(file) != record.seq()) {
        return "the file name says its first record is seq "
            + AuditFiles.firstSeqOf(file)
            + " (files renamed or out of order)";
      }
      if (head != null && head.seq() == record.seq() && !head.hash().equals(record.hash())) {
        return "differs from the signed checkpoint saved in " + AuditFiles.HEAD;
      }
      if (record.isCheckpoint()) {
        Checkpoint statement = record.checkpoint();
        if (statement.headSeq() != record.seq() - 1
            || !statement.head().equals(record.prev())
            || statement.events() != events) {
          return "checkpoint does not describe the chain before it (head "
              + statement.headSeq()
              + ", "
              + statement.events()
              + " events; expected "
              + (record.seq() - 1)
              + ", "
              + events
              + ")";
        }
        return checkSignature(record);
      }
      return null;
    }

    String checkSignature(ChainRecord record) {
      PublicKey key = keys.get(record.checkpoint().keyId());
      if (key == null) {
        return "checkpoint signed by unknown key "
            + record.checkpoint().keyId()
            + " (expected "
            + String.join(" or ", keys.keySet())
            + ")";
      }
      if (!AuditKeys.verify(key, record.signedBytes(), record.sig())) {
        return "checkpoint signature is invalid: the records before it were altered and"
            + " re-hashed, or it was not signed with this key";
      }
      return null;
    }

    private void accept(ChainRecord record, Path file, long line) {
      records++;
      if (record.isCheckpoint()) {
        checkpoints++;
        signedThrough = record.seq();
        firstUnsignedFile = null;
      } else {
        events++;
        if (firstUnsignedFile == null) {
          firstUnsignedFile = file;
          firstUnsignedLine = line;
        }
      }
      prevHash = record.hash();
      expectedSeq++;
    }

    VerificationResult finish(Path headPath, String missingHead) {
      long unsigned = expectedSeq - 1 - signedThrough;
      if (records > 0 && checkpoints == 0 && !anchored) {
        return fail(
            firstUnsignedFile,
            firstUnsignedLine,
            1,
            null,
            "no checkpoint: none of the "
                + records
                + " records is signed, so none is authenticated");
      }
      if (unsigned > 0) {
        String message =
            unsigned
                + " record"
                + (unsigned == 1 ? "" : "s")
                + " after the last checkpoint "
                + (unsigned == 1 ? "is" : "are")
                + " unsigned (seq "
                + (signedThrough + 1)
                + ".."
                + (expectedSeq - 1)
                + ")";
        if (strict) {
          return fail(firstUnsignedFile, firstUnsignedLine, signedThrough + 1, null, message);
        }
        warnings.add(message);
      }
      if (missingHead != null) {
        if (strict) {
          return fail(headPath, 0, -1, null, missingHead);
        }
        warnings.add(missingHead);
      }
      if (records == 0) {
        warnings.add("no records");
      }
      return result(null);
    }

    VerificationResult fail(Path file, long line, long seq, String eventId, String problem) {
      return result(new VerificationResult.Failure(file, line, seq, eventId, problem));
    }

    private VerificationResult result(VerificationResult.Failure failure) {
      return new VerificationResult(
          files, records, events, checkpoints, signedThrough, failure, warnings);
    }
  }
}
