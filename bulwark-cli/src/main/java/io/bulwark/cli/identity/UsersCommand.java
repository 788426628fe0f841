package io.bulwark.cli.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark users}: list, show, create, disable, enable and delete users of the identity
 * server, reset their passwords and change their roles, groups and attributes, through its admin
 * API. A user is named by user name or id.
 */
@Command(
    name = "users",
    description = "Manage the identity server's users (admin API; see docs/identity.md).",
    subcommands = {
      UsersCommand.ListUsers.class,
      UsersCommand.Show.class,
      UsersCommand.Create.class,
      UsersCommand.Disable.class,
      UsersCommand.Enable.class,
      UsersCommand.Delete.class,
      UsersCommand.ResetPassword.class,
      UsersCommand.SetRoles.class,
      UsersCommand.AddRole.class,
      UsersCommand.RemoveRole.class,
      UsersCommand.SetGroups.class,
      UsersCommand.SetAttribute.class,
      UsersCommand.RemoveAttribute.class
    })
public final class UsersCommand implements Runnable {
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
        "Missing subcommand: list, show, create, disable, enable, delete, reset-password,"
            + " set-roles, add-role, remove-role, set-groups, set-attribute or remove-attribute");
  }

  static String path(String user) {
    return "/users/" + AdminClient.segment(user);
  }

  static String joined(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values.isEmpty() ? "-" : String.join(",", values);
  }

  static String attributes(JsonNode object) {
    List<String> pairs = new ArrayList<>();
    object.properties().forEach(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
    pairs.sort(null);
    return pairs.isEmpty() ? "-" : String.join(",", pairs);
  }

  static String status(JsonNode user) {
    return user.path("disabled").asBoolean() ? "disabled" : "enabled";
  }

  static void printUser(PrintWriter out, JsonNode user) {
    Table.pairs(
        out,
        "username",
        user.path("username").asText(),
        "id",
        user.path("id").asText(),
        "roles",
        joined(user.path("roles")),
        "groups",
        joined(user.path("groups")),
        "attributes",
        attributes(user.path("attributes")),
        "status",
        status(user),
        "created",
        user.path("createdAt").asText());
  }

  /** Commands that print a user, as a table or ({@code --json}) as the server's JSON. */
  abstract static class UserOutput extends AdminSubcommand {
    @Option(names = "--json", description = "Print the server's JSON instead of a table.")
    boolean json;

    void print(PrintWriter out, JsonNode user) {
      if (json) {
        printJson(out, user);
      } else {
        printUser(out, user);
      }
    }
  }

  @Command(name = "list", description = "List every user: name, id, roles, groups, status.")
  static final class ListUsers extends AdminSubcommand {
    @Option(names = "--json", description = "Print the server's JSON instead of a table.")
    boolean json;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      JsonNode users = admin.get("/users");
      if (json) {
        printJson(out, users);
        return;
      }
      Table table = new Table("USERNAME", "ID", "ROLES", "GROUPS", "STATUS");
      users.forEach(u ->
          table.row(
              u.path("username").asText(),
              u.path("id").asText(),
              joined(u.path("roles")),
              joined(u.path("groups")),
              status(u)));
      table.print(out);
    }
  }

  @Command(name = "show", description = "Show one user (never a password or its hash).")
  static final class Show extends UserOutput {
    @Parameters(paramLabel = "USER", description = "User name or id.")
    String user;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      print(out, admin.get(path(user)));
    }
  }

  @Command(
      name = "create",
      description =
          "Create a user. The password is asked for twice at the terminal (no echo) or read from the first line of standard input with --password-stdin; it is never an argument.")
  static final class Create extends UserOutput {
    @Parameters(
        paramLabel = "USERNAME",
        description = "Login name: lower-case letters, digits, . _ @ -")
    String username;

    @Option(names = "--role", paramLabel = "ROLE", description = "A role (repeatable).")
    List<String> roles = new ArrayList<>();

    @Option(names = "--group", paramLabel = "GROUP", description = "A group (repeatable).")
    List<String> groups = new ArrayList<>();

    @Option(
        names = "--attribute",
        paramLabel = "NAME=VALUE",
        description = "An attribute, such as tenant=bakery (repeatable).")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Option(
        names = "--password-stdin",
        description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Override
    void run(AdminClient admin, PrintWriter out) throws IOException {
      AdminClient.segment(username);
      String password = PasswordInput.read(passwordStdin, username);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("username", username);
      body.put("password", password);
      body.put("roles", roles);
      body.put("groups", groups);
      body.put("attributes", attributes);
      JsonNode created = admin.post("/users", body);
      if (!json) {
        out.println("created user " + username);
      }
      print(out, created);
    }
  }

  @Command(
      name = "disable",
      description = "Disable a user: sign-in refused, every session and token revoked.")
  static final class Disable extends AdminSubcommand {
    @Parameters(paramLabel = "USER", description = "User name or id.")
    String user;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      admin.post(path(user) + "/disable", null);
      out.println("disabled user " + user + " (its sessions and tokens are revoked)");
    }
  }

  @Command(name = "enable", description = "Enable a disabled user (old tokens stay revoked).")
  static final class Enable extends AdminSubcommand {
    @Parameters(paramLabel = "USER", description = "User name or id.")
    String user;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      admin.post(path(user) + "/enable", null);
      out.println("enabled user " + user);
    }
  }

  @Command(name = "delete", description = "Delete a user and revoke everything issued to them.")
  static final class Delete extends AdminSubcommand {
    @Parameters(paramLabel = "USER", description = "User name or id.")
    String user;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      admin.delete(path(user));
      out.println("deleted user " + user);
    }
  }

  @Command(
      name = "reset-password",
      description =
          "Set a new password (checked by the password policy) and end the user's sessions. Asked for at the terminal, or read from standard input with --password-stdin.")
  static final class ResetPassword extends AdminSubcommand {
    @Parameters(paramLabel = "USER", description = "User name or id.")
    String user;

    @Option(
        names = "--password-stdin",
        description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Override
    void run(AdminClient admin, PrintWriter out) throws IOException {
      String target = path(user);
      String password = PasswordInput.read(passwordStdin, user);
      admin.post(target + "/password", Map.of("password", password));
      out.println("reset the password of user " + user + " (its sessions are revoked)");
    }
  }

  /**
   * Commands that change roles, groups or attributes: read the user, compute the new value, send
   * it. Any change revokes the user's tokens (the server does so), so no token keeps old claims.
   */
  abstract static class Change extends UserOutput {
    @Parameters(index = "0", paramLabel = "USER", description = "User name or id.")
    String user;

    abstract Map<String, Object> changes(JsonNode current);

    @Override
    void run(AdminClient admin, PrintWriter out) {
      JsonNode current = admin.get(path(user));
      print(out, admin.patch(path(user), changes(current)));
    }

    static List<String> values(JsonNode array) {
      List<String> out = new ArrayList<>();
      array.forEach(v -> out.add(v.asText()));
      return out;
    }
  }

  @Command(name = "set-roles", description = "Replace a user's roles (none: remove them all).")
  static final class SetRoles extends Change {
    @Parameters(index = "1..*", paramLabel = "ROLE", description = "The roles the user has now.")
    List<String> roles = new ArrayList<>();

    @Override
    Map<String, Object> changes(JsonNode current) {
      return Map.of("roles", roles);
    }
  }

  @Command(name = "add-role", description = "Give a user a role.")
  static final class AddRole extends Change {
    @Parameters(index = "1", paramLabel = "ROLE", description = "The role to add.")
    String role;

    @Override
    Map<String, Object> changes(JsonNode current) {
      List<String> roles = values(current.path("roles"));
      if (!roles.contains(role)) {
        roles.add(role);
      }
      return Map.of("roles", roles);
    }
  }

  @Command(name = "remove-role", description = "Take a role from a user.")
  static final class RemoveRole extends Change {
    @Parameters(index = "1", paramLabel = "ROLE", description = "The role to remove.")
    String role;

    @Override
    Map<String, Object> changes(JsonNode current) {
      List<String> roles = values(current.path("roles"));
      if (!roles.remove(role)) {
        throw new IllegalArgumentException("user " + user + " does not have role " + role);
      }
      return Map.of("roles", roles);
    }
  }

  @Command(name = "set-groups", description = "Replace a user's groups (none: remove them all).")
  static final class SetGroups extends Change {
    @Parameters(
        index = "1..*",
        paramLabel = "GROUP",
        description = "The groups the user is in now.")
    List<String> groups = new ArrayList<>();

    @Override
    Map<String, Object> changes(JsonNode current) {
      return Map.of("groups", groups);
    }
  }

  @Command(name = "set-attribute", description = "Set attributes of a user, e.g. tenant=bakery.")
  static final class SetAttribute extends Change {
    @Parameters(
        index = "1..*",
        arity = "1..*",
        paramLabel = "NAME=VALUE",
        description = "Attributes to set.")
    Map<String, String> values = new LinkedHashMap<>();

    @Override
    Map<String, Object> changes(JsonNode current) {
      Map<String, String> attributes = new TreeMap<>();
      current
          .path("attributes")
          .properties()
          .forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
      attributes.putAll(values);
      return Map.of("attributes", attributes);
    }
  }

  @Command(name = "remove-attribute", description = "Remove attributes of a user.")
  static final class RemoveAttribute extends Change {
    @Parameters(
        index = "1..*",
        arity = "1..*",
        paramLabel = "NAME",
        description = "Attributes to remove.")
    List<String> names = new ArrayList<>();

    @Override
    Map<String, Object> changes(JsonNode current) {
      Map<String, String> attributes = new TreeMap<>();
      current
          .path("attributes")
          .properties()
          .forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
      for (String name : names) {
        if (attributes.remove(name) == null) {
          throw new IllegalArgumentException("user " + user + " has no attribute " + name);
        }
      }
      return Map.of("attributes", attributes);
    }
  }
}
