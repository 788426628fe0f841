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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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
public final class ClientsCommand implements Runnable {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "Missing subcommand: list, show, create, rotate-secret, disable, enable or delete");
  }

  static String path(String clientId) {
    return "/clients/" + AdminClient.segment(clientId);
  }

  static String status(JsonNode client) {
    return client.path("disabled").asBoolean() ? "disabled" : "enabled";
  }

  static void printClient(PrintWriter out, JsonNode c) {
    Table.pairs(
        out,
        "client id",
        c.path("clientId").asText(),
        "auth method",
        c.path("authMethod").asText(),
        "grant types",
        UsersCommand.joined(c.path("grantTypes")),
        "scopes",
        UsersCommand.joined(c.path("scopes")),
        "audiences",
        UsersCommand.joined(c.path("audiences")),
        "resource",
        c.path("resource").asText("-"),
        "redirect uris",
        UsersCommand.joined(c.path("redirectUris")),
        "first party",
        c.path("firstParty").asBoolean() ? "yes" : "no",
        "status",
        status(c),
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
  static final class ListClients extends AdminSubcommand {
    @Option(names = "--json", description = "Print the server's JSON instead of a table.")
    boolean json;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      JsonNode clients = admin.get("/clients");
      if (json) {
        printJson(out, clients);
        return;
      }
      Table table = new Table("CLIENT_ID", "AUTH", "GRANTS", "SCOPES", "AUDIENCES", "STATUS");
      clients.forEach(c ->
          table.row(
              c.path("clientId").asText(),
              c.path("authMethod").asText(),
              UsersCommand.joined(c.path("grantTypes")),
              UsersCommand.joined(c.path("scopes")),
              UsersCommand.joined(c.path("audiences")),
              status(c)));
      table.print(out);
    }
  }

  @Command(name = "show", description = "Show one client (never its secret).")
  static final class Show extends AdminSubcommand {
    @Parameters(paramLabel = "CLIENT_ID", description = "The client id.")
    String clientId;

    @Option(names = "--json", description = "Print the server's JSON instead of a table.")
    boolean json;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      JsonNode client = admin.get(path(clientId));
      if (json) {
        printJson(out, client);
      } else {
        printClient(out, client);
      }
    }
  }

  @Command(
      name = "create",
      description =
          "Register a client. A client_secret_basic client gets a secret from the server, printed this once (with --json: the clientSecret member).")
  static final class Create extends AdminSubcommand {
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

    @Option(names = "--json", description = "Print the server's JSON instead of a table.")
    boolean json;

    @Override
    void run(AdminClient admin, PrintWriter out) throws IOException {
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
      JsonNode created = admin.post("/clients", body);
      if (json) {
        printJson(out, created);
        return;
      }
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
    @Parameters(paramLabel = "CLIENT_ID", description = "The client id.")
    String clientId;

    @Option(names = "--json", description = "Print the server's JSON.")
    boolean json;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      JsonNode answer = admin.post(path(clientId) + "/secret", null);
      if (json) {
        printJson(out, answer);
      } else {
        printSecret(out, err(), answer.path("clientSecret").asText());
      }
    }
  }

  @Command(name = "disable", description = "Disable a client and revoke its own tokens.")
  static final class Disable extends AdminSubcommand {
    @Parameters(paramLabel = "CLIENT_ID", description = "The client id.")
    String clientId;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      admin.post(path(clientId) + "/disable", null);
      out.println("disabled client " + clientId + " (its tokens are revoked)");
    }
  }

  @Command(name = "enable", description = "Enable a disabled client.")
  static final class Enable extends AdminSubcommand {
    @Parameters(paramLabel = "CLIENT_ID", description = "The client id.")
    String clientId;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      admin.post(path(clientId) + "/enable", null);
      out.println("enabled client " + clientId);
    }
  }

  @Command(name = "delete", description = "Delete a client and revoke its own tokens.")
  static final class Delete extends AdminSubcommand {
    @Parameters(paramLabel = "CLIENT_ID", description = "The client id.")
    String clientId;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      admin.delete(path(clientId));
      out.println("deleted client " + clientId + " (its tokens are revoked)");
    }
  }
}
