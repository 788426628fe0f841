package io.bulwark.policy.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.core.problem.Problem;
import io.bulwark.core.problem.ProblemException;
import io.bulwark.policy.AttributeValues;
import io.bulwark.policy.Principal;
import io.bulwark.policy.RequestContext;
import io.bulwark.policy.Resource;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A validated {@code POST /v1/check} body: one principal, an optional context and a batch of
 * resources with the actions to decide on each. Every problem is answered as a 400 problem naming
 * the JSON member ({@code member} extension), never echoing the value.
 *
 * @param principal who asks
 * @param context facts about the request; the time defaults to now
 * @param items the resources and their actions, in request order
 */
record CheckRequest(Principal principal, RequestContext context, List<Item> items) {
  /** Most resources in one request. */
  static final int MAX_RESOURCES = 100;

  /** Most actions per resource. */
  static final int MAX_ACTIONS = 20;

  /** Most roles of the principal. */
  static final int MAX_ROLES = 100;

  /** Longest id, kind, role or action. */
  static final int MAX_NAME_LENGTH = 512;

  /** One resource and the actions asked about it. */
  record Item(Resource resource, List<String> actions) {}

  static CheckRequest parse(JsonNode body, Instant now) {
    object(body, "", Set.of("principal", "context", "resources"), Set.of("principal", "resources"));
    Principal principal = principal(body.get("principal"));
    RequestContext context =
        body.has("context") ? context(body.get("context"), now) : RequestContext.at(now);
    JsonNode resources = body.get("resources");
    if (!resources.isArray() || resources.isEmpty()) {
      throw invalid("resources", "must be a non-empty array");
    }
    if (resources.size() > MAX_RESOURCES) {
      throw invalid("resources", "must hold at most " + MAX_RESOURCES + " entries");
    }
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < resources.size(); i++) {
      items.add(item(resources.get(i), "resources[" + i + "]"));
    }
    return new CheckRequest(principal, context, List.copyOf(items));
  }

  private static Principal principal(JsonNode node) {
    object(node, "principal", Set.of("id", "roles", "attr", "spiffeId"), Set.of("id"));
    String id = name(node.get("id"), "principal.id");
    List<String> roles =
        node.has("roles") ? names(node.get("roles"), "principal.roles", MAX_ROLES) : List.of();
    Map<String, Object> attr = attributes(node.get("attr"), "principal.attr");
    Optional<String> spiffeId =
        node.has("spiffeId")
            ? Optional.of(name(node.get("spiffeId"), "principal.spiffeId"))
            : Optional.empty();
    return new Principal(id, new LinkedHashSet<>(roles), attr, spiffeId);
  }

  private static RequestContext context(JsonNode node, Instant now) {
    object(node, "context", Set.of("time", "sourceIp", "method", "path", "peerSpiffeId"), Set.of());
    Instant time = now;
    if (node.has("time")) {
      String text = string(node.get("time"), "context.time");
      try {
        time = Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw invalid("context.time", "must be an RFC 3339 timestamp such as 2025-03-04T10:00:00Z");
      }
    }
    return new RequestContext(
        time,
        optional(node, "sourceIp", "context"),
        optional(node, "method", "context"),
        optional(node, "path", "context"),
        optional(node, "peerSpiffeId", "context"));
  }

  private static Item item(JsonNode node, String at) {
    object(node, at, Set.of("resource", "actions"), Set.of("resource", "actions"));
    JsonNode resource = node.get("resource");
    String resourceAt = at + ".resource";
    object(resource, resourceAt, Set.of("kind", "id", "attr"), Set.of("kind"));
    String kind = name(resource.get("kind"), resourceAt + ".kind");
    String id = resource.has("id") ? string(resource.get("id"), resourceAt + ".id") : "";
    if (id.length() > MAX_NAME_LENGTH) {
      throw invalid(resourceAt + ".id", "must be at most " + MAX_NAME_LENGTH + " characters");
    }
    Map<String, Object> attr = attributes(resource.get("attr"), resourceAt + ".attr");
    List<String> actions = names(node.get("actions"), at + ".actions", MAX_ACTIONS);
    if (actions.isEmpty()) {
      throw invalid(at + ".actions", "must be a non-empty array");
    }
    return new Item(new Resource(kind, id, attr), actions);
  }

  private static Map<String, Object> attributes(JsonNode node, String at) {
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw invalid(at, "must be an object");
    }
    try {
      Object converted = AttributeValues.fromJson(node);
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) converted;
      return AttributeValues.normalize(map);
    } catch (IllegalArgumentException e) {
      throw invalid(at, "holds a value that cannot be converted (" + e.getMessage() + ")");
    }
  }

  private static void object(JsonNode node, String at, Set<String> allowed, Set<String> required) {
    String where = at.isEmpty() ? "(body)" : at;
    if (node == null || !node.isObject()) {
      throw invalid(where, "must be an object");
    }
    for (var names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw unknown(at, name, allowed);
      }
    }
    for (String name : new TreeSet<>(required)) {
      if (!node.has(name) || node.get(name).isNull()) {
        throw invalid(at.isEmpty() ? name : at + "." + name, "is required");
      }
    }
  }

  private static ProblemException unknown(String at, String name, Set<String> allowed) {
    String safe = name.length() > 64 || !name.matches("[A-Za-z0-9_.-]+") ? "(unprintable)" : name;
    return invalid(
        at.isEmpty() ? safe : at + "." + safe,
        "is not a known member; allowed: " + String.join(", ", new TreeSet<>(allowed)));
  }

  private static String name(JsonNode node, String at) {
    String value = string(node, at);
    if (value.isBlank() || value.length() > MAX_NAME_LENGTH) {
      throw invalid(at, "must be a non-blank string of at most " + MAX_NAME_LENGTH + " characters");
    }
    return value;
  }

  private static String string(JsonNode node, String at) {
    if (node == null || !node.isTextual()) {
      throw invalid(at, "must be a string");
    }
    return node.textValue();
  }

  private static String optional(JsonNode parent, String key, String at) {
    return parent.has(key) ? string(parent.get(key), at + "." + key) : "";
  }

  private static List<String> names(JsonNode node, String at, int max) {
    if (node == null || !node.isArray()) {
      throw invalid(at, "must be an array of strings");
    }
    if (node.size() > max) {
      throw invalid(at, "must hold at most " + max + " entries");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      out.add(name(node.get(i), at + "[" + i + "]"));
    }
    return out;
  }

  static ProblemException invalid(String member, String message) {
    return new ProblemException(
        Problem.of(400, "invalid-check-request", "Invalid check request", member + " " + message)
            .with("member", member));
  }
}
