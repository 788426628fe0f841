package io.bulwark.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.core.config.YamlTree.Position;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compiles {@code routeMap} documents into one {@link RouteMap}, reporting malformed routes and
 * routes that overlap another (in any file) at their position.
 */
final class RouteMapCompiler {
  static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /** Most routes in one policy directory. */
  static final int MAX_ROUTES = 10_000;

  private static final Pattern VARIABLE = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*}");
  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@-]+");

  private record Located(RouteMap.Route route, String where) {}

  private final List<Located> routes = new ArrayList<>();

  void add(YamlDoc doc, JsonNode node, String path) {
    if (!doc.object(node, path, Set.of("routes"), Set.of("routes"))) {
      return;
    }
    String listPath = YamlDoc.child(path, "routes");
    JsonNode list = node.get("routes");
    if (!list.isArray() || list.isEmpty()) {
      doc.error(listPath, "'" + listPath + "' must be a non-empty list");
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      String at = YamlDoc.item(listPath, i);
      route(doc, list.get(i), at).ifPresent(route -> place(doc, route, at));
    }
  }

  RouteMap build() {
    return new RouteMap(routes.stream().map(Located::route).toList());
  }

  private Optional<RouteMap.Route> route(YamlDoc doc, JsonNode node, String at) {
    if (!doc.object(
        node,
        at,
        Set.of("method", "path", "resource", "id", "action"),
        Set.of("method", "path", "resource", "action"))) {
      return Optional.empty();
    }
    int before = doc.errors().size();
    Optional<String> method = doc.string(node, at, "method");
    if (method.isPresent() && !METHODS.contains(method.get())) {
      doc.error(
          YamlDoc.child(at, "method"),
          "method must be one of: " + String.join(", ", new java.util.TreeSet<>(METHODS)));
    }
    Optional<String> path = doc.string(node, at, "path");
    List<String> segments = path.map(p -> segments(doc, p, YamlDoc.child(at, "path"))).orElse(null);
    Optional<String> kind = doc.string(node, at, "resource");
    Optional<String> action = doc.string(node, at, "action");
    String id = "";
    if (node.has("id")) {
      id = doc.string(node, at, "id").orElse("");
      Matcher m = Pattern.compile("\\{[^}]*}").matcher(id);
      while (m.find() && segments != null) {
        if (!segments.contains(m.group())) {
          doc.error(
              YamlDoc.child(at, "id"),
              "id uses " + m.group() + ", which is not a variable of the path");
        }
      }
    }
    if (doc.errors().size() > before
        || segments == null
        || method.isEmpty()
        || kind.isEmpty()
        || action.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RouteMap.Route(method.get(), segments, kind.get(), id, action.get()));
  }

  private static List<String> segments(YamlDoc doc, String path, String at) {
    if (!path.startsWith("/")) {
      doc.error(at, "path must start with '/'");
      return null;
    }
    List<String> out = new ArrayList<>();
    Set<String> variables = new HashSet<>();
    for (String segment : path.substring(1).split("/", -1)) {
      if (segment.isEmpty() && path.length() == 1) {
        break;
      }
      boolean variable = VARIABLE.matcher(segment).matches();
      if (variable && !variables.add(segment)) {
        doc.error(at, "path variable " + segment + " is used twice");
        return null;
      }
      if (!variable
          && (!LITERAL.matcher(segment).matches() || segment.equals(".") || segment.equals(".."))) {
        doc.error(
            at,
            "path segment '"
                + segment
                + "' must be a {variable} or non-empty text without '%', '/', '?' or '#'");
        return null;
      }
      out.add(segment);
    }
    return out;
  }

  private void place(YamlDoc doc, RouteMap.Route route, String at) {
    if (routes.size() >= MAX_ROUTES) {
      doc.error(at, "more than " + MAX_ROUTES + " routes");
      return;
    }
    for (Located other : routes) {
      if (other.route().overlaps(route)) {
        String what = other.route().segments().equals(route.segments()) ? "duplicates" : "overlaps";
        doc.error(
            at,
            "route "
                + route.text()
                + " "
                + what
                + " route "
                + other.route().text()
                + " (at "
                + other.where()
                + "); routes must not overlap");
        return;
      }
    }
    Position position = doc.position(at);
    routes.add(new Located(route, doc.file() + ":" + position.line() + ":" + position.column()));
  }
}
