package io.bulwark.gateway.upstream;

import io.bulwark.gateway.config.ClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** A cluster's endpoints and balancer at run time. Thread-safe. */
public final class Cluster {
  private final ClusterConfig config;
  private final List<UpstreamEndpoint> endpoints;
  private final LoadBalancer balancer;
  private final ClusterGuard guard;

  /** Builds the endpoints of {@code config}; {@code nanoTime} is the clock for ejection. */
  public Cluster(ClusterConfig config, LongSupplier nanoTime) {
    this.config = config;
    this.endpoints =
        config.endpoints().stream().map(a -> new UpstreamEndpoint(a, nanoTime)).toList();
    this.balancer = LoadBalancer.of(config.balancing());
    this.guard =
        new ClusterGuard(
            config.name(),
            config.resilience(),
            config
                .resilience()
                .bulkhead()
                .limit(config.endpoints().size(), config.maxConnectionsPerEndpoint()));
  }

  /** The cluster's circuit breaker, bulkhead and retry budget. */
  public ClusterGuard guard() {
    return guard;
  }

  /** The configuration. */
  public ClusterConfig config() {
    return config;
  }

  /** Every endpoint. */
  public List<UpstreamEndpoint> endpoints() {
    return endpoints;
  }

  /** A healthy endpoint chosen by the balancer, or {@code null} if none is healthy. */
  public UpstreamEndpoint choose() {
    return choose(null);
  }

  /** Like {@link #choose()} but never {@code avoid} (null when no other endpoint is healthy). */
  public UpstreamEndpoint choose(UpstreamEndpoint avoid) {
    List<UpstreamEndpoint> healthy = new ArrayList<>(endpoints.size());
    for (UpstreamEndpoint e : endpoints) {
      if (e.isHealthy() && e != avoid) {
        healthy.add(e);
      }
    }
    return healthy.isEmpty() ? null : balancer.choose(healthy);
  }
}
