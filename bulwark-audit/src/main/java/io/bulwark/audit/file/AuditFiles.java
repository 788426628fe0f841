package io.bulwark.audit.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layout of an audit directory: chain files {@code audit-<first seq, 20 digits>.jsonl} (so name
 * order is chain order), {@code head.json} (the latest signed checkpoint and the current file) and
 * {@code .lock} (held by the one writer).
 */
public final class AuditFiles {

  /** Name of the head file. */
  public static final String HEAD = "head.json";

  /** Name of the writer's lock file. */
  public static final String LOCK = ".lock";

  /**
   * After pruning: the signed checkpoint that ended the last deleted file, from which the kept
   * files are verified.
   */
  public static final String ANCHOR = "anchor.json";

  private static final Pattern NAME = Pattern.compile("audit-(\\d{20})\\.jsonl");

  private AuditFiles() {}

  /** The name of the file whose first record has {@code firstSeq}. */
  public static String fileName(long firstSeq) {
    return String.format("audit-%020d.jsonl", firstSeq);
  }

  /** The first sequence number encoded in a chain file's name, or -1 if it is not one. */
  public static long firstSeqOf(Path file) {
    Matcher matcher = NAME.matcher(file.getFileName().toString());
    return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
  }

  /** The chain files in {@code dir}, in chain order. */
  public static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(path -> firstSeqOf(path) >= 0 && Files.isRegularFile(path))
          .sorted()
          .toList();
    }
  }
}
