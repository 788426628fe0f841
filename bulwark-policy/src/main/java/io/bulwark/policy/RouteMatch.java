package io.bulwark.policy;

import java.util.Objects;

/**
 * What a request to a proxied service means to the policies: the resource kind, its id and the
 * action, found by a {@link RouteMap}.
 *
 * @param kind the resource kind, selecting the resource policy
 * @param id the resource id taken from the path, or {@code ""} for collection routes
 * @param action the action to decide
 * @param route the matched route as written, e.g. {@code GET /orders/{id}}
 */
public record RouteMatch(String kind, String id, String action, String route) {

  /** Requires every component. */
  public RouteMatch {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(route, "route");
  }

  /** The resource to decide on, without attributes (a proxy does not know them). */
  public Resource resource() {
    return Resource.of(kind, id);
  }
}
