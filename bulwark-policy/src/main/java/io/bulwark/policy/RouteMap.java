package io.bulwark.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps HTTP requests of proxied services to a resource kind, id and action, from the {@code
 * routeMap} documents of a policy directory. Immutable and thread-safe.
 *
 * <p>A route path is literal segments and whole-segment variables ({@code /orders/{id}}). Routes
 * never overlap: two routes that could match the same method and path are a load error, so the
 * answer never depends on route order. Matching takes an already normalized path (decoded segments,
 * no dot segments, no empty segments).
 */
public final class RouteMap {
  private static final RouteMap EMPTY = new RouteMap(List.of());
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[A-Za-z_][A-Za-z0-9_]*}");

  /** One compiled route. */
  record Route(
      String method, List<String> segments, String kind, String idTemplate, String action) {
    Route {
      segments = List.copyOf(segments);
    }

    static boolean isVariable(String segment) {
      return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    String text() {
      return method + " /" + String.join("/", segments);
    }

    /** True when some request could match both routes. */
    boolean overlaps(Route other) {
      if (!method.equals(other.method) || segments.size() != other.segments.size()) {
        return false;
      }
      for (int i = 0; i < segments.size(); i++) {
        String a = segments.get(i);
        String b = other.segments.get(i);
        if (!isVariable(a) && !isVariable(b) && !a.equals(b)) {
          return false;
        }
      }
      return true;
    }

    Optional<RouteMatch> match(List<String> path) {
      if (path.size() != segments.size()) {
        return Optional.empty();
      }
      Map<String, String> variables = new HashMap<>();
      for (int i = 0; i < segments.size(); i++) {
        String segment = segments.get(i);
        if (isVariable(segment)) {
          variables.put(segment, path.get(i));
        } else if (!segment.equals(path.get(i))) {
          return Optional.empty();
        }
      }
      String id =
          PLACEHOLDER
              .matcher(idTemplate)
              .replaceAll(m -> Matcher.quoteReplacement(variables.get(m.group())));
      return Optional.of(new RouteMatch(kind, id, action, text()));
    }
  }

  private final Map<String, List<Route>> byMethod;
  private final int size;

  RouteMap(List<Route> routes) {
    Map<String, List<Route>> index = new HashMap<>();
    for (Route route : routes) {
      index.computeIfAbsent(route.method(), m -> new ArrayList<>()).add(route);
    }
    index.replaceAll((method, list) -> List.copyOf(list));
    this.byMethod = Map.copyOf(index);
    this.size = routes.size();
  }

  /** A map without routes: every request is unmapped. */
  public static RouteMap empty() {
    return EMPTY;
  }

  /** How many routes the map holds. */
  public int size() {
    return size;
  }

  /**
   * The route matching {@code method} (upper case, e.g. {@code GET}) and the normalized path {@code
   * segments}, if any.
   */
  public Optional<RouteMatch> match(String method, List<String> segments) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(segments, "segments");
    for (Route route : byMethod.getOrDefault(method, List.of())) {
      Optional<RouteMatch> match = route.match(segments);
      if (match.isPresent()) {
        return match;
      }
    }
    return Optional.empty();
  }
}
