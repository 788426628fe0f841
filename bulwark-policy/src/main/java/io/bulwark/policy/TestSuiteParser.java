package io.bulwark.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@code *_test.yaml} suite: named principals and resources, an optional context and a
 * table of tests with the expected effect per action; every shape error is reported with its
 * position.
 */
final class TestSuiteParser {
  private static final String ROOT = "testSuite";

  private final YamlDoc doc;
  private final Instant now;
  private final Map<String, Principal> principals = new HashMap<>();
  private final Map<String, Resource> resources = new HashMap<>();

  private TestSuiteParser(YamlDoc doc, Instant now) {
    this.doc = doc;
    this.now = now;
  }

  /** The tests of {@code doc}; {@code now} is the time of tests that fix none. */
  static List<TestCase> parse(YamlDoc doc, Instant now) {
    return new TestSuiteParser(doc, now).parse();
  }

  private List<TestCase> parse() {
    JsonNode root = doc.root();
    if (!doc.object(root, "", Set.of("apiVersion", ROOT), Set.of("apiVersion", ROOT))) {
      return List.of();
    }
    JsonNode version = root.get("apiVersion");
    if (version != null && !PolicyCompiler.API_VERSION.equals(version.asText())) {
      doc.error("apiVersion", "apiVersion must be '" + PolicyCompiler.API_VERSION + "'");
    }
    JsonNode suite = root.get(ROOT);
    if (suite == null
        || !doc.object(
            suite,
            ROOT,
            Set.of("name", "description", "principals", "resources", "context", "tests"),
            Set.of("name", "tests"))) {
      return List.of();
    }
    String name = doc.string(suite, ROOT, "name").orElse("?");
    doc.string(suite, ROOT, "description");
    principals.put(Principal.ANONYMOUS, Principal.anonymous());
    readPrincipals(suite.get("principals"), YamlDoc.child(ROOT, "principals"));
    readResources(suite.get("resources"), YamlDoc.child(ROOT, "resources"));
    RequestContext context =
        context(suite.get("context"), YamlDoc.child(ROOT, "context"), RequestContext.at(now));
    String listPath = YamlDoc.child(ROOT, "tests");
    JsonNode tests = suite.get("tests");
    if (tests == null) {
      return List.of();
    }
    if (!tests.isArray() || tests.isEmpty()) {
      doc.error(listPath, "'" + listPath + "' must be a non-empty list");
      return List.of();
    }
    List<TestCase> out = new ArrayList<>();
    for (int i = 0; i < tests.size(); i++) {
      test(name, tests.get(i), YamlDoc.item(listPath, i), context).ifPresent(out::add);
    }
    return out;
  }

  private Optional<TestCase> test(String suite, JsonNode test, String at, RequestContext base) {
    if (!doc.object(
        test,
        at,
        Set.of("name", "principal", "resource", "context", "actions"),
        Set.of("name", "principal", "resource", "actions"))) {
      return Optional.empty();
    }
    Optional<String> name = doc.string(test, at, "name");
    Principal principal = reference(test, at, "principal", principals);
    Resource resource = reference(test, at, "resource", resources);
    RequestContext context = context(test.get("context"), YamlDoc.child(at, "context"), base);
    Map<String, Effect> expected = new LinkedHashMap<>();
    String actionsPath = YamlDoc.child(at, "actions");
    JsonNode actions = test.get("actions");
    if (actions != null && (!actions.isObject() || actions.isEmpty())) {
      doc.error(actionsPath, "'actions' must map each action to ALLOW or DENY");
    } else if (actions != null) {
      for (Map.Entry<String, JsonNode> entry : actions.properties()) {
        String value = entry.getValue().asText("").toUpperCase(Locale.ROOT);
        if (value.equals("ALLOW") || value.equals("DENY")) {
          expected.put(entry.getKey(), Effect.valueOf(value));
        } else {
          doc.error(
              YamlDoc.child(actionsPath, entry.getKey()), "expected effect must be ALLOW or DENY");
        }
      }
    }
    if (name.isEmpty() || principal == null || resource == null || expected.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new TestCase(suite, name.get(), principal, resource, context, expected));
  }

  private <T> T reference(JsonNode test, String at, String key, Map<String, T> known) {
    Optional<String> name = doc.string(test, at, key);
    if (name.isEmpty()) {
      return null;
    }
    T found = known.get(name.get());
    if (found == null) {
      doc.error(
          YamlDoc.child(at, key),
          "unknown " + key + " '" + name.get() + "'; define it under " + key + "s");
    }
    return found;
  }

  private void readPrincipals(JsonNode node, String path) {
    if (node == null || !doc.object(node, path, Set.copyOf(fieldNames(node)), Set.of())) {
      return;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String at = YamlDoc.child(path, entry.getKey());
      JsonNode p = entry.getValue();
      if (!doc.object(p, at, Set.of("id", "roles", "attr", "spiffeId"), Set.of())) {
        continue;
      }
      String id = doc.string(p, at, "id").orElse(entry.getKey());
      List<String> roles = doc.strings(p, at, "roles");
      Optional<String> spiffeId = doc.string(p, at, "spiffeId");
      attributes(p, at)
          .ifPresent(attr ->
              principals.put(entry.getKey(), new Principal(id, Set.copyOf(roles), attr, spiffeId)));
    }
  }

  private void readResources(JsonNode node, String path) {
    if (node == null || !doc.object(node, path, Set.copyOf(fieldNames(node)), Set.of())) {
      return;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String at = YamlDoc.child(path, entry.getKey());
      JsonNode r = entry.getValue();
      if (!doc.object(r, at, Set.of("kind", "id", "attr"), Set.of("kind"))) {
        continue;
      }
      Optional<String> kind = doc.string(r, at, "kind");
      String id = doc.string(r, at, "id").orElse(entry.getKey());
      Optional<Map<String, Object>> attr = attributes(r, at);
      if (kind.isPresent() && attr.isPresent()) {
        resources.put(entry.getKey(), new Resource(kind.get(), id, attr.get()));
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Optional<Map<String, Object>> attributes(JsonNode parent, String path) {
    JsonNode attr = parent.get("attr");
    if (attr == null) {
      return Optional.of(Map.of());
    }
    String at = YamlDoc.child(path, "attr");
    if (!attr.isObject()) {
      doc.error(at, "'attr' must be a mapping");
      return Optional.empty();
    }
    try {
      return Optional.of((Map<String, Object>) AttributeValues.fromJson(attr));
    } catch (IllegalArgumentException e) {
      doc.error(at, e.getMessage());
      return Optional.empty();
    }
  }

  private RequestContext context(JsonNode node, String path, RequestContext base) {
    if (node == null
        || !doc.object(
            node, path, Set.of("time", "sourceIp", "method", "path", "peerSpiffeId"), Set.of())) {
      return base;
    }
    Instant time = base.time();
    Optional<String> text = doc.string(node, path, "time");
    if (text.isPresent()) {
      try {
        time = Instant.parse(text.get());
      } catch (DateTimeParseException e) {
        doc.error(
            YamlDoc.child(path, "time"),
            "time must be an ISO-8601 instant such as 2025-03-04T10:00:00Z");
      }
    }
    return new RequestContext(
        time,
        doc.string(node, path, "sourceIp").orElse(base.sourceIp()),
        doc.string(node, path, "method").orElse(base.method()),
        doc.string(node, path, "path").orElse(base.path()),
        doc.string(node, path, "peerSpiffeId").orElse(base.peerSpiffeId()));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
