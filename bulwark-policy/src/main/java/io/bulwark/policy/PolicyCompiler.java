package io.bulwark.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.types.CelType;
import io.bulwark.core.config.YamlTree.Position;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns parsed policy documents into a {@link PolicySet}: checks their shape, resolves derived role
 * imports and compiles every condition, reporting each problem with its position.
 */
final class PolicyCompiler {
  static final String API_VERSION = "bulwark.io/v1";

  private static final String RESOURCE = "resourcePolicy";
  private static final String DERIVED = "derivedRoles";
  private static final String PRINCIPAL = "principalPolicy";
  private static final String ROUTES = "routeMap";
  private static final List<String> KINDS = List.of(RESOURCE, DERIVED, PRINCIPAL, ROUTES);

  /** Attribute types declared for conditions. */
  private record Schemas(Map<String, CelType> principal, Map<String, CelType> resource) {
    static final Schemas NONE = new Schemas(Map.of(), Map.of());

    CelEnvironment environment() {
      return new CelEnvironment(principal, resource);
    }
  }

  /** The parts every rule shares. */
  private record RuleHead(String name, Set<String> actions, Effect effect) {}

  private final Map<String, Map<String, DerivedRole>> derivedSets = new HashMap<>();
  private final Map<String, String> defined = new HashMap<>();
  private final Map<String, ResourcePolicy> resources = new HashMap<>();
  private final Map<String, PrincipalPolicy> principals = new HashMap<>();
  private final RouteMapCompiler routeMap = new RouteMapCompiler();

  /** Compiles {@code docs}; errors go to each document's error list. */
  static PolicySet compile(List<YamlDoc> docs) {
    PolicyCompiler compiler = new PolicyCompiler();
    Map<YamlDoc, String> kinds = new LinkedHashMap<>();
    for (YamlDoc doc : docs) {
      kindOf(doc).ifPresent(kind -> kinds.put(doc, kind));
    }
    kinds.forEach((doc, kind) -> {
      if (kind.equals(DERIVED)) {
        compiler.derivedRoles(doc, doc.root().get(DERIVED), DERIVED);
      }
    });
    kinds.forEach((doc, kind) -> {
      switch (kind) {
        case RESOURCE -> compiler.resourcePolicy(doc, doc.root().get(RESOURCE), RESOURCE);
        case PRINCIPAL -> compiler.principalPolicy(doc, doc.root().get(PRINCIPAL), PRINCIPAL);
        case ROUTES -> compiler.routeMap.add(doc, doc.root().get(ROUTES), ROUTES);
        default -> {}
      }
    });
    return new PolicySet(compiler.resources, compiler.principals, compiler.routeMap.build());
  }

  private static Optional<String> kindOf(YamlDoc doc) {
    JsonNode root = doc.root();
    Set<String> allowed = new HashSet<>(KINDS);
    allowed.add("apiVersion");
    if (!doc.object(root, "", allowed, Set.of("apiVersion"))) {
      return Optional.empty();
    }
    JsonNode version = root.get("apiVersion");
    if (version != null && !API_VERSION.equals(version.asText())) {
      doc.error("apiVersion", "apiVersion must be '" + API_VERSION + "'");
    }
    List<String> present = KINDS.stream().filter(root::has).toList();
    if (present.isEmpty()) {
      doc.error("", "expected exactly one of: " + String.join(", ", KINDS));
      return Optional.empty();
    }
    if (present.size() > 1) {
      doc.keyError(
          present.get(1),
          "only one of " + String.join(", ", KINDS) + " per file; found " + present);
      return Optional.empty();
    }
    return Optional.of(present.get(0));
  }

  private void derivedRoles(YamlDoc doc, JsonNode node, String path) {
    if (!doc.object(
        node, path, Set.of("name", "schemas", "definitions"), Set.of("name", "definitions"))) {
      return;
    }
    Optional<String> name = doc.string(node, path, "name");
    Schemas schemas = schemas(doc, node, path);
    CelEnvironment env = schemas.environment();
    Map<String, DerivedRole> roles = new LinkedHashMap<>();
    String listPath = YamlDoc.child(path, "definitions");
    JsonNode list = node.get("definitions");
    if (list != null && (!list.isArray() || list.isEmpty())) {
      doc.error(listPath, "'" + listPath + "' must be a non-empty list");
      return;
    }
    for (int i = 0; list != null && i < list.size(); i++) {
      String at = YamlDoc.item(listPath, i);
      JsonNode def = list.get(i);
      if (!doc.object(
          def, at, Set.of("name", "parentRoles", "condition"), Set.of("name", "parentRoles"))) {
        continue;
      }
      Optional<String> roleName = doc.string(def, at, "name");
      List<String> parents = doc.strings(def, at, "parentRoles");
      if (def.has("parentRoles") && parents.isEmpty() && def.get("parentRoles").isArray()) {
        doc.error(YamlDoc.child(at, "parentRoles"), "parentRoles must not be empty");
      }
      Condition condition = ConditionCompiler.compile(doc, def, at, env).orElse(null);
      if (roleName.isPresent() && name.isPresent()) {
        if (roles.containsKey(roleName.get())) {
          doc.error(YamlDoc.child(at, "name"), "duplicate derived role '" + roleName.get() + "'");
        } else {
          roles.put(
              roleName.get(),
              new DerivedRole(name.get(), roleName.get(), ordered(parents), condition));
        }
      }
    }
    if (name.isPresent()
        && unique(doc, "derivedRoles:" + name.get(), YamlDoc.child(path, "name"))) {
      derivedSets.put(name.get(), Map.copyOf(roles));
    }
  }

  private void resourcePolicy(YamlDoc doc, JsonNode node, String path) {
    if (!doc.object(
        node,
        path,
        Set.of("resource", "importDerivedRoles", "schemas", "rules"),
        Set.of("resource", "rules"))) {
      return;
    }
    Optional<String> kind = doc.string(node, path, "resource");
    Map<String, DerivedRole> imported = imports(doc, node, path);
    CelEnvironment env = schemas(doc, node, path).environment();
    String policyId = "resource:" + kind.orElse("?");
    List<Rule> rules = new ArrayList<>();
    forEachRule(
        doc,
        node,
        path,
        Set.of("name", "actions", "effect", "roles", "derivedRoles", "condition"),
        Set.of("actions", "effect"),
        (rule, at, head) -> {
          List<String> roles = doc.strings(rule, at, "roles");
          List<DerivedRole> derived = new ArrayList<>();
          List<String> names = doc.strings(rule, at, "derivedRoles");
          for (int i = 0; i < names.size(); i++) {
            DerivedRole role = imported.get(names.get(i));
            if (role == null) {
              doc.error(
                  YamlDoc.item(YamlDoc.child(at, "derivedRoles"), i),
                  "unknown derived role '"
                      + names.get(i)
                      + "'; imported: "
                      + (imported.isEmpty() ? "none" : String.join(", ", imported.keySet())));
            } else {
              derived.add(role);
            }
          }
          if (roles.isEmpty() && names.isEmpty()) {
            doc.error(at, "rule '" + head.name() + "' must name roles or derivedRoles");
          }
          Condition condition = ConditionCompiler.compile(doc, rule, at, env).orElse(null);
          return new Rule(
              policyId,
              head.name(),
              kind.orElse("?"),
              head.actions(),
              head.effect(),
              ordered(roles),
              List.copyOf(derived),
              condition);
        },
        rules);
    if (kind.isPresent() && unique(doc, policyId, YamlDoc.child(path, "resource"))) {
      resources.put(
          kind.get(), new ResourcePolicy(kind.get(), doc.file(), new RuleIndex(rules, kind.get())));
    }
  }

  private void principalPolicy(YamlDoc doc, JsonNode node, String path) {
    if (!doc.object(
        node, path, Set.of("principal", "schemas", "rules"), Set.of("principal", "rules"))) {
      return;
    }
    Optional<String> principal = doc.string(node, path, "principal");
    CelEnvironment env = schemas(doc, node, path).environment();
    String policyId = "principal:" + principal.orElse("?");
    List<Rule> rules = new ArrayList<>();
    forEachRule(
        doc,
        node,
        path,
        Set.of("name", "resource", "actions", "effect", "condition"),
        Set.of("resource", "actions", "effect"),
        (rule, at, head) -> {
          String resource = doc.string(rule, at, "resource").orElse("?");
          Condition condition = ConditionCompiler.compile(doc, rule, at, env).orElse(null);
          return new Rule(
              policyId,
              head.name(),
              resource,
              head.actions(),
              head.effect(),
              Set.of(),
              List.of(),
              condition);
        },
        rules);
    if (principal.isPresent() && unique(doc, policyId, YamlDoc.child(path, "principal"))) {
      principals.put(principal.get(), new PrincipalPolicy(principal.get(), rules));
    }
  }

  @FunctionalInterface
  private interface RuleBuilder {
    Rule build(JsonNode rule, String at, RuleHead head);
  }

  private static void forEachRule(
      YamlDoc doc,
      JsonNode policy,
      String path,
      Set<String> allowed,
      Set<String> required,
      RuleBuilder builder,
      List<Rule> out) {
    String listPath = YamlDoc.child(path, "rules");
    JsonNode list = policy.get("rules");
    if (list == null) {
      return;
    }
    if (!list.isArray() || list.isEmpty()) {
      doc.error(listPath, "'" + listPath + "' must be a non-empty list");
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = YamlDoc.item(listPath, i);
      JsonNode rule = list.get(i);
      if (!doc.object(rule, at, allowed, required)) {
        continue;
      }
      String name = doc.string(rule, at, "name").orElse("rule-" + (i + 1));
      if (!names.add(name)) {
        doc.error(YamlDoc.child(at, "name"), "duplicate rule name '" + name + "'");
      }
      List<String> actions = doc.strings(rule, at, "actions");
      if (rule.has("actions") && rule.get("actions").isArray() && rule.get("actions").isEmpty()) {
        doc.error(YamlDoc.child(at, "actions"), "actions must not be empty");
      }
      Effect effect = effect(doc, rule, at);
      Rule built = builder.build(rule, at, new RuleHead(name, ordered(actions), effect));
      if (effect != null && !actions.isEmpty()) {
        out.add(built);
      }
    }
  }

  private static Effect effect(YamlDoc doc, JsonNode rule, String at) {
    JsonNode node = rule.get("effect");
    if (node == null) {
      return null;
    }
    String text = node.isTextual() ? node.asText().toLowerCase(Locale.ROOT) : "";
    return switch (text) {
      case "allow" -> Effect.ALLOW;
      case "deny" -> Effect.DENY;
      default -> {
        doc.error(YamlDoc.child(at, "effect"), "effect must be one of: allow, deny");
        yield null;
      }
    };
  }

  private Map<String, DerivedRole> imports(YamlDoc doc, JsonNode node, String path) {
    Map<String, DerivedRole> out = new LinkedHashMap<>();
    List<String> sets = doc.strings(node, path, "importDerivedRoles");
    for (int i = 0; i < sets.size(); i++) {
      String at = YamlDoc.item(YamlDoc.child(path, "importDerivedRoles"), i);
      Map<String, DerivedRole> set = derivedSets.get(sets.get(i));
      if (set == null) {
        doc.error(
            at,
            "unknown derived roles '"
                + sets.get(i)
                + "'; defined: "
                + (derivedSets.isEmpty()
                    ? "none"
                    : String.join(", ", new java.util.TreeSet<>(derivedSets.keySet()))));
        continue;
      }
      for (DerivedRole role : set.values()) {
        DerivedRole clash = out.putIfAbsent(role.name(), role);
        if (clash != null) {
          doc.error(
              at,
              "derived role '"
                  + role.name()
                  + "' is defined by both '"
                  + clash.set()
                  + "' and '"
                  + role.set()
                  + "'");
        }
      }
    }
    return out;
  }

  private static Schemas schemas(YamlDoc doc, JsonNode policy, String path) {
    JsonNode node = policy.get("schemas");
    String at = YamlDoc.child(path, "schemas");
    if (node == null || !doc.object(node, at, Set.of("principal", "resource"), Set.of())) {
      return Schemas.NONE;
    }
    return new Schemas(
        attributes(doc, node.get("principal"), YamlDoc.child(at, "principal")),
        attributes(doc, node.get("resource"), YamlDoc.child(at, "resource")));
  }

  private static Map<String, CelType> attributes(YamlDoc doc, JsonNode node, String path) {
    if (node == null) {
      return Map.of();
    }
    if (!node.isObject()) {
      doc.error(path, "'" + path + "' must map attribute names to types");
      return Map.of();
    }
    Map<String, CelType> out = new HashMap<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String at = YamlDoc.child(path, field.getKey());
      Optional<CelType> type =
          field.getValue().isTextual()
              ? SchemaTypes.parse(field.getValue().asText())
              : Optional.empty();
      if (type.isEmpty()) {
        doc.error(
            at, "unknown type for attribute '" + field.getKey() + "'; use " + SchemaTypes.ALLOWED);
      } else {
        out.put(field.getKey(), type.get());
      }
    }
    return out;
  }

  /** Records where {@code id} is defined; reports a second definition. */
  private boolean unique(YamlDoc doc, String id, String path) {
    Position at = doc.position(path);
    String where = doc.file() + ":" + at.line() + ":" + at.column();
    String first = defined.putIfAbsent(id, where);
    if (first != null) {
      doc.error(path, "duplicate policy " + id + " (first defined at " + first + ")");
      return false;
    }
    return true;
  }

  private static Set<String> ordered(List<String> items) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(items));
  }
}
