package io.bulwark.policy;

import dev.cel.runtime.CelVariableResolver;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables of one decision, shared by every condition evaluated for it. Each is built on first
 * use: a decision that matches on roles alone evaluates no condition and builds none. Confined to
 * the thread deciding.
 */
final class Activation implements CelVariableResolver {
  private final Principal p;
  private final Resource r;
  private final RequestContext c;
  private Optional<Object> principal;
  private Optional<Object> resource;
  private Optional<Object> context;

  Activation(Principal p, Resource r, RequestContext c) {
    this.p = p;
    this.r = r;
    this.c = c;
  }

  @Override
  public Optional<Object> find(String name) {
    return switch (name) {
      case "P", "principal" -> principal();
      case "R", "resource" -> resource();
      case "C", "context" -> context();
      default -> Optional.empty();
    };
  }

  private Optional<Object> principal() {
    if (principal == null) {
      principal =
          Optional.of(
              Map.of(
                  "id", p.id(),
                  "roles", List.copyOf(p.roles()),
                  "attr", p.attr(),
                  "spiffeId", p.spiffeId().orElse("")));
    }
    return principal;
  }

  private Optional<Object> resource() {
    if (resource == null) {
      resource = Optional.of(Map.of("kind", r.kind(), "id", r.id(), "attr", r.attr()));
    }
    return resource;
  }

  private Optional<Object> context() {
    if (context == null) {
      context =
          Optional.of(
              Map.of(
                  "time", c.time(),
                  "sourceIp", c.sourceIp(),
                  "method", c.method(),
                  "path", c.path(),
                  "peerSpiffeId", c.peerSpiffeId()));
    }
    return context;
  }
}
