package io.bulwark.audit.read;

/**
 * A position in an audit directory: just after line {@code line} (ending at byte {@code offset}) of
 * chain file {@code file}. {@link #START} is before the first record.
 *
 * @param file name of the chain file, or {@code null} for the start
 * @param offset bytes of that file already read
 * @param line lines of that file already read
 */
public record Cursor(String file, long offset, long line) {

  /** Before the first record of the directory. */
  public static final Cursor START = new Cursor(null, 0, 0);
}
