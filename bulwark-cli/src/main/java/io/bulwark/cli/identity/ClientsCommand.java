package io.bulwark.cli.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bulwark clients}: list, show, register, disable, enable and delete OAuth clients of the
 * identity server, and issue new secrets. A secret is printed once, by the command that creates it;
 * the server keeps only its hash and never shows it again.
 */
@Command(
    name = "clients",
    description = "Manage the identity server's OAuth clients (admin API; see docs/identity.md).",
    subcommands = {
      ClientsCommand.ListClients.class,
      ClientsCommand.Show.class,
      ClientsCommand.Create.class,
      ClientsCommand.RotateSecret.class,
      ClientsCommand.Disable.class,
      ClientsCommand.Enable.class,
      ClientsCommand.Delete.class
    })
public final class ClientsCommand extends AdminCommandGroup {
  static void printClient(PrintWriter out, JsonNode c) {
    Table.pairs(
        out,
        "client id",
        c.path("clientId").asText(),
        "auth method",
        c.path("authMethod").asText(),
        "grant types",
        Table.joined(c.path("grantTypes")),
        "scopes",
        Table.joined(c.path("scopes")),
        "audiences",
        Table.joined(c.path("audiences")),
        "resource",
        c.path("resource").asText("-"),
        "redirect uris",
        Table.joined(c.path("redirectUris")),
        "first party",
        c.path("firstParty").asBoolean() ? "yes" : "no",
        "status",
        Table.status(c),
        "description",
        c.path("description").asText("-"));
  }

  /** Prints a new secret once, with a warning on standard error that it will not be shown again. */
  static void printSecret(PrintWriter out, PrintWriter err, String secret) {
    out.println("client secret: " + secret);
    out.flush();
    err.println(
        "The client secret is shown this once: store it now (the server keeps only its hash).");
    err.flush();
  }

  @Command(
      name = "list",
      description = "List every client: id, auth method, grants, scopes, status.")
  static final class ListClients extends AnswerSubcommand {
    @Override
    JsonNode send(AdminClient admin) {
      return admin.get("/clients");
    }

    @Override
    void printText(PrintWriter out, JsonNode clients) {
      Table table = new Table("CLIENT_ID", "AUTH", "GRANTS", "SCOPES", "AUDIENCES", "STATUS");
      clients.forEach(c ->
          table.row(
              c.path("clientId").asText(),
              c.path("authMethod").asText(),
              Table.joined(c.path("grantTypes")),
              Table.joined(c.path("scopes")),
              Table.joined(c.path("audiences")),
              Table.status(c)));
      table.print(out);
    }
  }

  @Command(name = "show", description = "Show one client (never its secret).")
  static final class Show extends AnswerSubcommand {
    @Mixin Target.Client client;

    @Override
    JsonNode send(AdminClient admin) {
      return admin.get(client.path());
    }

    @Override
    void printText(PrintWriter out, JsonNode answer) {
      printClient(out, answer);
    }
  }

  @Command(
      name = "create",
      description =
          "Register a client. A client_secret_basic client gets a secret from the server, printed this once (with --json: the clientSecret member).")
  static final class Create extends AnswerSubcommand {
    @Parameters(paramLabel = "CLIENT_ID", description = "The new client's id.")
    String clientId;

    @Option(
        names = "--auth-method",
        defaultValue = "client_secret_basic",
        paramLabel = "METHOD",
        description =
            "client_secret_basic (default), client_secret_post, private_key_jwt (with"
                + " --jwks-file) or none (a public client: code flow with PKCE only).")
    String authMethod;

    @Option(
        names = "--jwks-file",
        paramLabel = "FILE",
        description = "The client's public JWK set, for private_key_jwt.")
    Path jwksFile;

    @Option(
        names = "--grant-type",
        paramLabel = "GRANT",
        description = "A grant type the client may use (repeatable), e.g. client_credentials.")
    List<String> grantTypes = new ArrayList<>();

    @Option(
        names = "--scope",
        paramLabel = "SCOPE",
        description = "A scope the client may ask for (repeatable).")
    List<String> scopes = new ArrayList<>();

    @Option(
        names = "--audience",
        paramLabel = "AUDIENCE",
        description = "An audience its tokens may carry (repeatable).")
    List<String> audiences = new ArrayList<>();

    @Option(
        names = "--redirect-uri",
        paramLabel = "URI",
        description = "An exact redirect URI (repeatable).")
    List<String> redirectUris = new ArrayList<>();

    @Option(
        names = "--resource",
        paramLabel = "AUDIENCE",
        description = "The audience of the client's own API, if it serves one.")
    String resource;

    @Option(names = "--first-party", description = "Users are not asked for consent.")
    boolean firstParty;

    @Option(names = "--description", paramLabel = "TEXT", description = "What the client is.")
    String description;

    @Override
    JsonNode send(AdminClient admin) throws IOException {
      AdminClient.segment(clientId);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("clientId", clientId);
      body.put("authMethod", authMethod);
      if (jwksFile != null) {
        body.put("jwks", Files.readString(jwksFile, StandardCharsets.UTF_8));
      }
      body.put("redirectUris", redirectUris);
      body.put("grantTypes", grantTypes);
      body.put("scopes", scopes);
      body.put("audiences", audiences);
      body.put("resource", resource);
      body.put("firstParty", firstParty);
      body.put("description", description);
      return admin.post("/clients", body);
    }

    @Override
    void printText(PrintWriter out, JsonNode created) {
      out.println("created client " + clientId);
      ObjectNode shown = ((ObjectNode) created.deepCopy());
      String secret = shown.path("clientSecret").asText(null);
      shown.remove("clientSecret");
      printClient(out, shown);
      if (secret != null) {
        printSecret(out, err(), secret);
      }
    }
  }

  @Command(
      name = "rotate-secret",
      description = "Issue a new secret, printed this once; the old one stops working at once.")
  static final class RotateSecret extends AdminSubcommand {
    @Mixin Target.Client client;

    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      JsonNode answer = admin.post(client.path() + "/secret", null);
      if (json) {
        printJson(out, answer);
      } else {
        printSecret(out, err(), answer.path("clientSecret").asText());
      }
    }
  }

  @Command(name = "disable", description = "Disable a client and revoke its own tokens.")
  static final class Disable extends AdminSubcommand {
    @Mixin Target.Client client;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      admin.post(client.path() + "/disable", null);
      out.println("disabled client " + client + " (its tokens are revoked)");
    }
  }

  @Command(name = "enable", description = "Enable a disabled client.")
  static final class Enable extends AdminSubcommand {
    @Mixin Target.Client client;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      admin.post(client.path() + "/enable", null);
      out.println("enabled client " + client);
    }
  }

  @Command(name = "delete", description = "Delete a client and revoke its own tokens.")
  static final class Delete extends AdminSubcommand {
    @Mixin Target.Client client;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      admin.delete(client.path());
      out.println("deleted client " + client + " (its tokens are revoked)");
    }
  }
}
