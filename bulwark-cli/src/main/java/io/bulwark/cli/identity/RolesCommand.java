package io.bulwark.cli.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.core.json.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bulwark roles}: the roles in use. Roles are names on users (there is no separate role
 * record), so a role exists while a user has it; give and take them with {@code bulwark users
 * add-role|remove-role|set-roles}.
 */
@Command(
    name = "roles",
    description = "The roles users have (give them with `bulwark users add-role`).",
    subcommands = {RolesCommand.ListRoles.class})
public final class RolesCommand extends AdminCommandGroup {
  @Command(name = "list", description = "Every role some user has, with its users.")
  static final class ListRoles extends AdminSubcommand {
    @Option(
        names = "--json",
        description = "Print [{\"role\",\"users\":[...]}] instead of a table.")
    boolean json;

    @Override
    void run(AdminClient admin, PrintWriter out) {
      Map<String, List<String>> members = new TreeMap<>();
      for (JsonNode user : admin.get("/users")) {
        for (JsonNode role : user.path("roles")) {
          members
              .computeIfAbsent(role.asText(), r -> new ArrayList<>())
              .add(user.path("username").asText());
        }
      }
      if (json) {
        ArrayNode roles = Json.mapper().createArrayNode();
        members.forEach((role, users) -> {
          ObjectNode entry = roles.addObject().put("role", role);
          users.forEach(entry.putArray("users")::add);
        });
        printJson(out, roles);
        return;
      }
      Table table = new Table("ROLE", "USERS", "MEMBERS");
      members.forEach(
          (role, users) -> table.row(role, String.valueOf(users.size()), String.join(",", users)));
      table.print(out);
    }
  }
}
