package io.bulwark.cli.identity;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a new password without it ever being a command-line argument (which {@code ps} shows): from
 * the first line of standard input ({@code --password-stdin}), or typed twice at a terminal prompt
 * without echo.
 */
final class PasswordInput {
  private PasswordInput() {}

  /**
   * Whether the console is an interactive terminal. From JDK 22 {@code System.console()} may return
   * a console for redirected streams; {@code Console.isTerminal()} (JDK 22+) tells. On JDK 21 a
   * console exists only for a terminal.
   */
  private static boolean isTerminal(Console console) {
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /**
   * @throws IllegalArgumentException when there is no terminal and {@code fromStdin} is false, or
   *     the two entries differ, or nothing was given (a usage error)
   */
  static String read(boolean fromStdin, String who) throws IOException {
    if (fromStdin) {
      // Not closed: closing would close System.in for the rest of the process.
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line = in.readLine();
      if (line == null || line.isEmpty()) {
        throw new IllegalArgumentException("--password-stdin: standard input has no password");
      }
      return line;
    }
    Console console = System.console();
    if (console == null || !isTerminal(console)) {
      throw new IllegalArgumentException(
          "no terminal to ask for the password: pipe it in with --password-stdin");
    }
    char[] first = console.readPassword("New password for %s: ", who);
    char[] second = console.readPassword("Repeat it: ");
    try {
      if (first == null || first.length == 0) {
        throw new IllegalArgumentException("no password given");
      }
      if (!Arrays.equals(first, second)) {
        throw new IllegalArgumentException("the two passwords differ");
      }
      return new String(first);
    } finally {
      if (first != null) {
        Arrays.fill(first, '\0');
      }
      if (second != null) {
        Arrays.fill(second, '\0');
      }
    }
  }
}
