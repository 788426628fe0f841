package io.bulwark.cli.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bulwark keys}: the identity server's token signing keys. Rotation is the server's: the new
 * key signs at once and older keys stay in {@code /jwks} until every token they signed has expired;
 * this command asks for it and prints what the server answers.
 */
@Command(
    name = "keys",
    description = "List and rotate the identity server's token signing keys.",
    subcommands = {KeysCommand.ListKeys.class, KeysCommand.Rotate.class})
public final class KeysCommand extends AdminCommandGroup {
  @Command(
      name = "list",
      description = "The published keys, oldest first: the signing one and those retiring.")
  static final class ListKeys extends AnswerSubcommand {
    @Override
    JsonNode send(AdminClient admin) {
      return admin.get("/keys");
    }

    @Override
    void printText(PrintWriter out, JsonNode keys) {
      Table table = new Table("KID", "ALGORITHM", "CREATED", "STATE");
      keys.forEach(k ->
          table.row(
              k.path("kid").asText(),
              k.path("algorithm").asText(),
              k.path("createdAt").asText(),
              k.path("signing").asBoolean()
                  ? "signing"
                  : "verifying until " + k.path("retireAfter").asText("?")));
      table.print(out);
    }
  }

  @Command(
      name = "rotate",
      description =
          "Make a new signing key that signs from now on; earlier keys stay in /jwks, and keep verifying, until the tokens they signed have expired.")
  static final class Rotate extends AdminSubcommand {
    @Option(names = "--json", description = "Print the server's JSON ({\"kid\",\"algorithm\"}).")
    boolean json;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      JsonNode rotated = admin.post("/keys/rotate", null);
      if (json) {
        printJson(out, rotated);
        return;
      }
      out.println(
          "new signing key "
              + rotated.path("kid").asText()
              + " ("
              + rotated.path("algorithm").asText()
              + ") signs from now on; earlier keys stay in /jwks until their tokens expire");
    }
  }
}
