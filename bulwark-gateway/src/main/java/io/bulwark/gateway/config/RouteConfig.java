package io.bulwark.gateway.config;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One route: what requests it matches and which cluster serves them.
 *
 * @param id unique id, used in logs, metrics and audit events
 * @param host host name to match ({@code *.example.com} wildcards allowed), or {@code null} for any
 * @param path how the normalized path is matched
 * @param methods methods matched (upper case); empty matches any
 * @param headers header values that must be present (name to exact value; {@code "*"} means the
 *     header is present with any value)
 * @param cluster name of the upstream cluster
 * @param resource the policy resource kind and action, or {@code null} when no policy check runs
 */
public record RouteConfig(
    String id,
    String host,
    PathMatch path,
    Set<String> methods,
    Map<String, String> headers,
    String cluster,
    PolicyBinding resource) {

  /** Canonicalizes methods to upper case and header names to lower case. */
  public RouteConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(cluster, "cluster");
    host = host == null ? null : host.toLowerCase(Locale.ROOT);
    methods =
        methods.stream()
            .map(m -> m.toUpperCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    TreeMap<String, String> h = new TreeMap<>();
    headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), Objects.requireNonNull(v)));
    headers = Map.copyOf(h);
  }

  /** A route matching {@code path} for any host, method and headers. */
  public static RouteConfig of(String id, PathMatch path, String cluster) {
    return new RouteConfig(id, null, path, Set.of(), Map.of(), cluster, null);
  }

  /**
   * The policy resource a route protects.
   *
   * @param kind resource kind, such as {@code order}
   * @param idParam the path parameter holding the resource id, or {@code null} (id is then {@code
   *     "*"})
   * @param action the action, or {@code null} to use the lower-case HTTP method
   */
  public record PolicyBinding(String kind, String idParam, String action) {
    /** Checks the kind. */
    public PolicyBinding {
      Objects.requireNonNull(kind, "kind");
    }
  }
}
