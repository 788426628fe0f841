package io.bulwark.cli.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * An admin command that sends one request and prints the answer: the server's JSON with {@code
 * --json} (for scripts), otherwise the command's own text (a table or key-value lines).
 */
abstract class AnswerSubcommand extends AdminSubcommand {
  @Option(names = "--json", description = "Print the server's JSON instead of a table.")
  boolean json;

  @Override
  final void run(AdminClient admin, PrintWriter out) throws IOException {
    JsonNode answer = send(admin);
    if (json) {
      printJson(out, answer);
    } else {
      printText(out, answer);
    }
  }

  /** Sends the command's request and returns the server's answer. */
  abstract JsonNode send(AdminClient admin) throws IOException;

  /** Prints {@code answer} for a person. */
  abstract void printText(PrintWriter out, JsonNode answer);
}
