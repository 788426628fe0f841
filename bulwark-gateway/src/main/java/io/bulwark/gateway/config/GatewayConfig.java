package io.bulwark.gateway.config;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one gateway serves: its listeners, routes (first match wins, in this order), the
 * upstream clusters routes point at, timeouts, limits, and the peers trusted to send {@code
 * X-Forwarded-*} headers.
 *
 * @param listeners where the gateway accepts connections; at least one
 * @param routes route table, matched in order
 * @param clusters upstream clusters, each named once; every route's cluster must be here
 * @param timeouts connection and request timeouts
 * @param limits request size limits
 * @param trustedProxies IP addresses or CIDR blocks whose {@code X-Forwarded-For} is extended
 *     rather than replaced; empty trusts nobody
 */
public record GatewayConfig(
    List<ListenerConfig> listeners,
    List<RouteConfig> routes,
    List<ClusterConfig> clusters,
    Timeouts timeouts,
    Limits limits,
    List<String> trustedProxies) {

  /** Copies the lists and checks that names are unique and every route's cluster exists. */
  public GatewayConfig {
    listeners = List.copyOf(listeners);
    routes = List.copyOf(routes);
    clusters = List.copyOf(clusters);
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(limits, "limits");
    trustedProxies = List.copyOf(trustedProxies);
    if (listeners.isEmpty()) {
      throw new IllegalArgumentException("gateway needs at least one listener");
    }
    requireUnique(listeners.stream().map(ListenerConfig::name).toList(), "listener");
    requireUnique(routes.stream().map(RouteConfig::id).toList(), "route");
    Set<String> clusterNames =
        requireUnique(clusters.stream().map(ClusterConfig::name).toList(), "cluster");
    for (RouteConfig route : routes) {
      if (!clusterNames.contains(route.cluster())) {
        throw new IllegalArgumentException(
            "route '" + route.id() + "' points at unknown cluster '" + route.cluster() + "'");
      }
    }
  }

  private static Set<String> requireUnique(List<String> names, String what) {
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException("duplicate " + what + " name '" + name + "'");
      }
    }
    return seen;
  }
}
