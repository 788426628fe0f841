package io.bulwark.bench.policy;

import io.bulwark.policy.PolicyLoadException;
import io.bulwark.policy.PolicyLoader;
import io.bulwark.policy.PolicySet;
import io.bulwark.policy.Principal;
import io.bulwark.policy.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;

/**
 * Plain RBAC written twice: Bulwark resource policies (one per kind, one rule per action listing
 * its roles) and the same grants as a Casbin RBAC model ({@code g(r.sub, p.sub)}) with one {@code
 * p} line per (role, kind, action) grant and one {@code g} line per (user, role). The matcher
 * compares object and action before the role lookup, the cheapest order for Casbin.
 */
final class RbacScenario {
  static final int KINDS = 20;
  static final int ROLES = 10;
  static final int USERS = 50;
  static final List<String> ACTIONS = List.of("read", "list", "create", "update", "delete");

  private static final String CASBIN_MODEL =
      """
      [request_definition]
      r = sub, obj, act
      [policy_definition]
      p = sub, obj, act
      [role_definition]
      g = _, _
      [policy_effect]
      e = some(where (p.eft == allow))
      [matchers]
      m = r.obj == p.obj && r.act == p.act && g(r.sub, p.sub)
      """;

  /** One decision to make: the same question in each engine's terms. */
  record Input(Principal principal, Resource resource, String action) {}

  private RbacScenario() {}

  static boolean granted(int kind, int action, int role) {
    return (kind * 7 + action * 3 + role) % 4 == 0;
  }

  static String kind(int k) {
    return "kind" + k;
  }

  static String role(int r) {
    return "role" + r;
  }

  static Set<String> rolesOf(int user) {
    Set<String> roles = new LinkedHashSet<>();
    roles.add(role(user % ROLES));
    roles.add(role((user * 3 + 1) % ROLES));
    return roles;
  }

  static PolicySet writeAndLoadBulwark(Path dir) throws IOException, PolicyLoadException {
    for (int k = 0; k < KINDS; k++) {
      StringBuilder yaml = new StringBuilder();
      yaml.append("apiVersion: bulwark.io/v1\nresourcePolicy:\n  resource: ")
          .append(kind(k))
          .append("\n  rules:\n");
      for (int a = 0; a < ACTIONS.size(); a++) {
        List<String> roles = new ArrayList<>();
        for (int r = 0; r < ROLES; r++) {
          if (granted(k, a, r)) {
            roles.add(role(r));
          }
        }
        if (!roles.isEmpty()) {
          yaml.append("    - name: ")
              .append(ACTIONS.get(a))
              .append("\n      actions: [")
              .append(ACTIONS.get(a))
              .append("]\n      effect: allow\n      roles: [")
              .append(String.join(", ", roles))
              .append("]\n");
        }
      }
      Files.writeString(dir.resolve(kind(k) + ".yaml"), yaml.toString());
    }
    return PolicyLoader.load(dir);
  }

  static Enforcer casbin() {
    Enforcer enforcer = new Enforcer(Model.newModelFromString(CASBIN_MODEL));
    enforcer.enableLog(false);
    List<List<String>> grants = new ArrayList<>();
    for (int k = 0; k < KINDS; k++) {
      for (int a = 0; a < ACTIONS.size(); a++) {
        for (int r = 0; r < ROLES; r++) {
          if (granted(k, a, r)) {
            grants.add(List.of(role(r), kind(k), ACTIONS.get(a)));
          }
        }
      }
    }
    enforcer.addPolicies(grants);
    List<List<String>> memberships = new ArrayList<>();
    for (int u = 0; u < USERS; u++) {
      for (String role : rolesOf(u)) {
        memberships.add(List.of("user" + u, role));
      }
    }
    enforcer.addGroupingPolicies(memberships);
    return enforcer;
  }

  /** {@code count} pseudo-random questions (fixed seed) over users, kinds and actions. */
  static Input[] inputs(int count) {
    Random random = new Random(42);
    Input[] inputs = new Input[count];
    for (int i = 0; i < count; i++) {
      int user = random.nextInt(USERS);
      Principal principal = new Principal("user" + user, rolesOf(user), Map.of(), Optional.empty());
      Resource resource = Resource.of(kind(random.nextInt(KINDS)), "id" + i);
      inputs[i] = new Input(principal, resource, ACTIONS.get(random.nextInt(ACTIONS.size())));
    }
    return inputs;
  }
}
