package io.bulwark.gateway.chain;

import io.bulwark.gateway.config.RouteConfig;
import java.util.Optional;

/**
 * Builds the stage of one phase for a route, or none when the route does not need it (for example
 * no policy check on a route without a resource). Called once per route when the gateway starts or
 * reloads its configuration.
 */
@FunctionalInterface
public interface StageFactory {

  /** The stage for {@code route}, or empty to skip this phase on it. */
  Optional<RequestStage> forRoute(RouteConfig route);
}
