package io.bulwark.bench.policy;

import io.bulwark.policy.PolicyLoadException;
import io.bulwark.policy.PolicyLoader;
import io.bulwark.policy.PolicySet;
import io.bulwark.policy.Principal;
import io.bulwark.policy.RequestContext;
import io.bulwark.policy.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;

/**
 * Attribute-conditioned access written twice: a Bulwark derived role {@code owner} ({@code
 * R.attr.owner == P.id}) plus a CEL condition on the document status and the Paris hour, and the
 * same rule as a Casbin ABAC matcher over Java objects ({@code r.sub.Name == r.obj.Owner}). Casbin
 * gets the Paris hour precomputed per input, which only favours Casbin.
 */
final class OwnerScenario {
  static final int USERS = 20;
  static final List<String> ACTIONS = List.of("read", "update", "delete");
  static final List<String> STATUSES = List.of("draft", "published", "archived");
  static final List<Instant> TIMES =
      List.of(Instant.parse("2025-03-04T10:00:00Z"), Instant.parse("2025-03-04T23:30:00Z"));
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private static final String ROLES_YAML =
      """
      apiVersion: bulwark.io/v1
      derivedRoles:
        name: doc_roles
        schemas:
          resource: {owner: string, status: string}
        definitions:
          - name: owner
            parentRoles: [customer]
            condition: R.attr.owner == P.id
      """;

  private static final String POLICY_YAML =
      """
      apiVersion: bulwark.io/v1
      resourcePolicy:
        resource: document
        importDerivedRoles: [doc_roles]
        schemas:
          resource: {owner: string, status: string}
        rules:
          - name: owner-works-on-live-documents-by-day
            actions: [read, update]
            effect: allow
            derivedRoles: [owner]
            condition: >-
              R.attr.status != "archived"
              && C.time.getHours("Europe/Paris") >= 6 && C.time.getHours("Europe/Paris") < 22
      """;

  private static final String CASBIN_MODEL =
      """
      [request_definition]
      r = sub, obj, act, env
      [policy_definition]
      p = act
      [policy_effect]
      e = some(where (p.eft == allow))
      [matchers]
      m = r.sub.Name == r.obj.Owner && r.obj.Status != 'archived' && r.act == p.act \
      && r.env.Hour >= 6 && r.env.Hour < 22
      """;

  /** Casbin's view of the caller (a bean: Casbin's matcher reads getters). */
  public static final class Subject {
    private final String name;

    Subject(String name) {
      this.name = name;
    }

    public String getName() {
      return name;
    }
  }

  /** Casbin's view of the document. */
  public static final class Document {
    private final String owner;
    private final String status;

    Document(String owner, String status) {
      this.owner = owner;
      this.status = status;
    }

    public String getOwner() {
      return owner;
    }

    public String getStatus() {
      return status;
    }
  }

  /** Casbin's view of the request environment. */
  public static final class Env {
    private final int hour;

    Env(int hour) {
      this.hour = hour;
    }

    public int getHour() {
      return hour;
    }
  }

  /** One decision to make: the same question in each engine's terms. */
  record Input(
      Principal principal,
      Resource resource,
      String action,
      RequestContext context,
      Subject subject,
      Document document,
      Env env) {}

  private OwnerScenario() {}

  static PolicySet writeAndLoadBulwark(Path dir) throws IOException, PolicyLoadException {
    Files.writeString(dir.resolve("doc_roles.yaml"), ROLES_YAML);
    Files.writeString(dir.resolve("document.yaml"), POLICY_YAML);
    return PolicyLoader.load(dir);
  }

  static Enforcer casbin() {
    Enforcer enforcer = new Enforcer(Model.newModelFromString(CASBIN_MODEL));
    enforcer.enableLog(false);
    enforcer.addPolicies(List.of(List.of("read"), List.of("update")));
    return enforcer;
  }

  /** {@code count} pseudo-random questions (fixed seed) over users, owners, statuses and times. */
  static Input[] inputs(int count) {
    Random random = new Random(7);
    Input[] inputs = new Input[count];
    for (int i = 0; i < count; i++) {
      String user = "user" + random.nextInt(USERS);
      String owner = random.nextInt(3) == 0 ? "user" + random.nextInt(USERS) : user;
      String status = STATUSES.get(random.nextInt(STATUSES.size()));
      Instant time = TIMES.get(random.nextInt(4) == 0 ? 1 : 0);
      inputs[i] =
          new Input(
              new Principal(user, Set.of("customer"), Map.of(), Optional.empty()),
              new Resource("document", "doc" + i, Map.of("owner", owner, "status", status)),
              ACTIONS.get(random.nextInt(ACTIONS.size())),
              RequestContext.at(time),
              new Subject(user),
              new Document(owner, status),
              new Env(time.atZone(PARIS).getHour()));
    }
    return inputs;
  }
}
