package io.bulwark.gateway.route;

import io.bulwark.gateway.config.RouteConfig;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The route table: the first route (in configuration order) whose host, path, method and headers
 * all match wins. Immutable and thread-safe; a new config builds a new router.
 */
public final class Router {
  private final List<CompiledRoute> routes;

  private record CompiledRoute(RouteConfig config, PathPattern path) {}

  /** Compiles the routes. */
  public Router(List<RouteConfig> routes) {
    this.routes =
        routes.stream().map(r -> new CompiledRoute(r, PathPattern.compile(r.path()))).toList();
  }

  /**
   * Finds the route for a request.
   *
   * @param host the request's host without port, lower case
   * @param method the request method
   * @param normalizedPath the path after {@link io.bulwark.gateway.hygiene.PathNormalizer}
   * @param headers the request headers
   */
  public Optional<RouteMatch> match(
      String host, String method, String normalizedPath, HttpHeaders headers) {
    for (CompiledRoute route : routes) {
      RouteConfig config = route.config();
      if (!hostMatches(config.host(), host)
          || (!config.methods().isEmpty() && !config.methods().contains(method))
          || !headersMatch(config.headers(), headers)) {
        continue;
      }
      Map<String, String> params = route.path().match(normalizedPath);
      if (params != null) {
        return Optional.of(new RouteMatch(config, params));
      }
    }
    return Optional.empty();
  }

  static boolean hostMatches(String pattern, String host) {
    if (pattern == null) {
      return true;
    }
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (pattern.startsWith("*.")) {
      String suffix = pattern.substring(1);
      return h.endsWith(suffix) && h.length() > suffix.length();
    }
    return pattern.equals(h);
  }

  private static boolean headersMatch(Map<String, String> required, HttpHeaders headers) {
    for (Map.Entry<String, String> e : required.entrySet()) {
      List<String> values = headers.getAll(e.getKey());
      if (values.isEmpty() || (!"*".equals(e.getValue()) && !values.contains(e.getValue()))) {
        return false;
      }
    }
    return true;
  }
}
