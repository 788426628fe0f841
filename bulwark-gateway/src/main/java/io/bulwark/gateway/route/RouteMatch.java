package io.bulwark.gateway.route;

import io.bulwark.gateway.config.RouteConfig;
import java.util.Map;

/**
 * The route a request matched and the path parameters its template captured.
 *
 * @param route the matched route
 * @param pathParams template parameters by name (percent-decoding already applied to unreserved
 *     characters only)
 */
public record RouteMatch(RouteConfig route, Map<String, String> pathParams) {
  /** Copies the parameters. */
  public RouteMatch {
    pathParams = Map.copyOf(pathParams);
  }
}
