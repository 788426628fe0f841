package io.bulwark.gateway.config;

import io.bulwark.gateway.ratelimit.KeyPart;
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
 * @param auth whether callers must authenticate (applies when the gateway has authentication
 *     configured)
 * @param rateLimit the route's rate limit, or {@code null} for none
 */
public record RouteConfig(
    String id,
    String host,
    PathMatch path,
    Set<String> methods,
    Map<String, String> headers,
    String cluster,
    PolicyBinding resource,
    Auth auth,
    RateLimit rateLimit) {

  /** Canonicalizes methods to upper case and header names to lower case. */
  public RouteConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(auth, "auth");
    host = host == null ? null : host.toLowerCase(Locale.ROOT);
    methods =
        methods.stream()
            .map(m -> m.toUpperCase(Locale.ROOT))
            .collect(Collectors.toUnmodifiableSet());
    TreeMap<String, String> h = new TreeMap<>();
    headers.forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), Objects.requireNonNull(v)));
    headers = Map.copyOf(h);
  }

  /** A route requiring authentication and without a rate limit. */
  public RouteConfig(
      String id,
      String host,
      PathMatch path,
      Set<String> methods,
      Map<String, String> headers,
      String cluster,
      PolicyBinding resource) {
    this(id, host, path, methods, headers, cluster, resource, Auth.REQUIRED, null);
  }

  /** A route matching {@code path} for any host, method and headers. */
  public static RouteConfig of(String id, PathMatch path, String cluster) {
    return new RouteConfig(id, null, path, Set.of(), Map.of(), cluster, null);
  }

  /** This route with {@code newAuth}. */
  public RouteConfig withAuth(Auth newAuth) {
    return new RouteConfig(id, host, path, methods, headers, cluster, resource, newAuth, rateLimit);
  }

  /** This route with {@code newRateLimit} ({@code null} for none). */
  public RouteConfig withRateLimit(RateLimit newRateLimit) {
    return new RouteConfig(id, host, path, methods, headers, cluster, resource, auth, newRateLimit);
  }

  /** Whether a route's callers must authenticate. */
  public enum Auth {
    /** A credential is required; requests without one get 401. */
    REQUIRED,
    /** A credential is checked when presented (an invalid one gets 401); none is anonymous. */
    OPTIONAL,
    /** No authentication: credentials are not checked, and not forwarded. */
    ANONYMOUS
  }

  /**
   * A token-bucket limit of {@code requests} per {@code period}, one bucket per key.
   *
   * @param requests requests allowed per period (also the burst)
   * @param period the refill period
   * @param keys what a bucket is keyed by, such as the client or the source address
   * @param shared whether the buckets are shared by gateways through Redis
   */
  public record RateLimit(
      long requests, java.time.Duration period, java.util.List<KeyPart> keys, boolean shared) {
    /** Checks the numbers and copies the keys. */
    public RateLimit {
      if (requests < 1) {
        throw new IllegalArgumentException("rate limit requests must be at least 1");
      }
      if (period == null || period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("rate limit period must be positive");
      }
      keys = java.util.List.copyOf(keys);
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("rate limit keys must not be empty");
      }
    }
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
