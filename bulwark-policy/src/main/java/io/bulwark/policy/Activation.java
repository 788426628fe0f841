package io.bulwark.policy;

import dev.cel.runtime.CelVariableResolver;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables of one decision, built once per request and shared by every condition evaluated for
 * it.
 */
final class Activation implements CelVariableResolver {
  private final Optional<Object> principal;
  private final Optional<Object> resource;
  private final Optional<Object> context;

  Activation(Principal p, Resource r, RequestContext c) {
    this.principal =
        Optional.of(
            Map.of(
                "id", p.id(),
                "roles", List.copyOf(p.roles()),
                "attr", p.attr(),
                "spiffeId", p.spiffeId().orElse("")));
    this.resource = Optional.of(Map.of("kind", r.kind(), "id", r.id(), "attr", r.attr()));
    this.context =
        Optional.of(
            Map.of(
                "time", c.time(),
                "sourceIp", c.sourceIp(),
                "method", c.method(),
                "path", c.path(),
                "peerSpiffeId", c.peerSpiffeId()));
  }

  @Override
  public Optional<Object> find(String name) {
    return switch (name) {
      case "P", "principal" -> principal;
      case "R", "resource" -> resource;
      case "C", "context" -> context;
      default -> Optional.empty();
    };
  }
}
