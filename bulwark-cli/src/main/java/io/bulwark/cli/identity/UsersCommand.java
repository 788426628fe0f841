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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
      UsersCommand.EnrolTotp.class,
      UsersCommand.RemoveTotp.class,
      UsersCommand.SetRoles.class,
      UsersCommand.AddRole.class,
      UsersCommand.RemoveRole.class,
      UsersCommand.SetGroups.class,
      UsersCommand.SetAttribute.class,
      UsersCommand.RemoveAttribute.class
    })
public final class UsersCommand extends AdminCommandGroup {
  static void printUser(PrintWriter out, JsonNode user) {
    Table.pairs(
        out,
        "username",
        user.path("username").asText(),
        "id",
        user.path("id").asText(),
        "roles",
        Table.joined(user.path("roles")),
        "groups",
        Table.joined(user.path("groups")),
        "attributes",
        attributes(user.path("attributes")),
        "status",
        Table.status(user),
        "created",
        user.path("createdAt").asText());
  }

  static String attributes(JsonNode object) {
    List<String> pairs = new ArrayList<>();
    object.properties().forEach(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
    pairs.sort(null);
    return pairs.isEmpty() ? "-" : String.join(",", pairs);
  }

  @Command(name = "list", description = "List every user: name, id, roles, groups, status.")
  static final class ListUsers extends AnswerSubcommand {
    @Override
    JsonNode send(AdminClient admin) {
      return admin.get("/users");
    }

    @Override
    void printText(PrintWriter out, JsonNode users) {
      Table table = new Table("USERNAME", "ID", "ROLES", "GROUPS", "STATUS");
      users.forEach(u ->
          table.row(
              u.path("username").asText(),
              u.path("id").asText(),
              Table.joined(u.path("roles")),
              Table.joined(u.path("groups")),
              Table.status(u)));
      table.print(out);
    }
  }

  @Command(name = "show", description = "Show one user (never a password or its hash).")
  static final class Show extends AnswerSubcommand {
    @Mixin Target.User user;

    @Override
    JsonNode send(AdminClient admin) {
      return admin.get(user.path());
    }

    @Override
    void printText(PrintWriter out, JsonNode answer) {
      printUser(out, answer);
    }
  }

  @Command(
      name = "create",
      description =
          "Create a user. The password is asked for twice at the terminal (no echo) or read from the first line of standard input with --password-stdin; it is never an argument.")
  static final class Create extends AnswerSubcommand {
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
    JsonNode send(AdminClient admin) throws IOException {
      AdminClient.segment(username);
      String password = PasswordInput.read(passwordStdin, username);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("username", username);
      body.put("password", password);
      body.put("roles", roles);
      body.put("groups", groups);
      body.put("attributes", attributes);
      return admin.post("/users", body);
    }

    @Override
    void printText(PrintWriter out, JsonNode created) {
      out.println("created user " + username);
      printUser(out, created);
    }
  }

  @Command(
      name = "disable",
      description = "Disable a user: sign-in refused, every session and token revoked.")
  static final class Disable extends AdminSubcommand {
    @Mixin Target.User user;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      admin.post(user.path() + "/disable", null);
      out.println("disabled user " + user + " (its sessions and tokens are revoked)");
    }
  }

  @Command(name = "enable", description = "Enable a disabled user (old tokens stay revoked).")
  static final class Enable extends AdminSubcommand {
    @Mixin Target.User user;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      admin.post(user.path() + "/enable", null);
      out.println("enabled user " + user);
    }
  }

  @Command(name = "delete", description = "Delete a user and revoke everything issued to them.")
  static final class Delete extends AdminSubcommand {
    @Mixin Target.User user;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      admin.delete(user.path());
      out.println("deleted user " + user);
    }
  }

  @Command(
      name = "reset-password",
      description =
          "Set a new password (checked by the password policy) and end the user's sessions. Asked for at the terminal, or read from standard input with --password-stdin.")
  static final class ResetPassword extends AdminSubcommand {
    @Mixin Target.User user;

    @Option(
        names = "--password-stdin",
        description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Override
    void run(AdminClient admin, PrintWriter out) throws IOException {
      String target = user.path();
      String password = PasswordInput.read(passwordStdin, user.name());
      admin.post(target + "/password", Map.of("password", password));
      out.println("reset the password of user " + user + " (its sessions are revoked)");
    }
  }

  @Command(
      name = "enrol-totp",
      description =
          "Start two-step verification (TOTP) for a user: prints the secret, the otpauth:// URI to show as a QR code and ten recovery codes, once. The first code the user enters confirms it.")
  static final class EnrolTotp extends AnswerSubcommand {
    @Mixin Target.User user;

    @Override
    JsonNode send(AdminClient admin) {
      return admin.post(user.path() + "/totp", null);
    }

    @Override
    void printText(PrintWriter out, JsonNode enrolment) {
      out.println("two-step verification started for user " + user + " (shown this once):");
      Table.pairs(
          out,
          "secret",
          enrolment.path("secret").asText(),
          "uri",
          enrolment.path("uri").asText(),
          "recovery codes",
          Table.joined(enrolment.path("recoveryCodes")));
    }
  }

  @Command(
      name = "remove-totp",
      description =
          "Remove a user's two-step verification (a lost phone); sign-in asks for the password only.")
  static final class RemoveTotp extends AdminSubcommand {
    @Mixin Target.User user;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      admin.delete(user.path() + "/totp");
      out.println("removed two-step verification of user " + user);
    }
  }

  /**
   * Commands that change roles, groups or attributes: read the user, compute the new value, send
   * it. Any change revokes the user's tokens (the server does so), so no token keeps old claims.
   */
  abstract static class Change extends AnswerSubcommand {
    @Mixin Target.User user;

    abstract Map<String, Object> changes(JsonNode current);

    @Override
    JsonNode send(AdminClient admin) {
      JsonNode current = admin.get(user.path());
      return admin.patch(user.path(), changes(current));
    }

    @Override
    void printText(PrintWriter out, JsonNode changed) {
      printUser(out, changed);
    }

    static List<String> values(JsonNode array) {
      List<String> out = new ArrayList<>();
      array.forEach(v -> out.add(v.asText()));
      return out;
    }

    /** The user's attributes, sorted by name. */
    static Map<String, String> attributes(JsonNode current) {
      Map<String, String> attributes = new TreeMap<>();
      current
          .path("attributes")
          .properties()
          .forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
      return attributes;
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
      Map<String, String> attributes = attributes(current);
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
      Map<String, String> attributes = attributes(current);
      for (String name : names) {
        if (attributes.remove(name) == null) {
          throw new IllegalArgumentException("user " + user + " has no attribute " + name);
        }
      }
      return Map.of("attributes", attributes);
    }
  }
}
