package io.bulwark.gateway.upstream;

import io.bulwark.gateway.config.ClusterConfig.Balancing;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Chooses one endpoint from a cluster's healthy endpoints. Implementations are thread-safe. */
public interface LoadBalancer {

  /** Picks one of {@code healthy}, which is never empty. */
  UpstreamEndpoint choose(List<UpstreamEndpoint> healthy);

  /** The balancer for a configured policy. */
  static LoadBalancer of(Balancing balancing) {
    return switch (balancing) {
      case ROUND_ROBIN -> new RoundRobin();
      case LEAST_REQUEST -> new LeastRequest();
    };
  }

  /** Each endpoint in turn. */
  final class RoundRobin implements LoadBalancer {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public UpstreamEndpoint choose(List<UpstreamEndpoint> healthy) {
      return healthy.get(Math.floorMod(next.getAndIncrement(), healthy.size()));
    }
  }

  /** Power of two choices: of two random endpoints, the one with fewer requests in flight. */
  final class LeastRequest implements LoadBalancer {
    @Override
    public UpstreamEndpoint choose(List<UpstreamEndpoint> healthy) {
      if (healthy.size() == 1) {
        return healthy.get(0);
      }
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int a = random.nextInt(healthy.size());
      int b = random.nextInt(healthy.size() - 1);
      if (b >= a) {
        b++;
      }
      UpstreamEndpoint first = healthy.get(a);
      UpstreamEndpoint second = healthy.get(b);
      return second.inFlight() < first.inFlight() ? second : first;
    }
  }
}
