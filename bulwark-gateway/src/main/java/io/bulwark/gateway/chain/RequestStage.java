package io.bulwark.gateway.chain;

import java.util.concurrent.CompletionStage;

/**
 * One step of the security chain, such as authentication or rate limiting. The gateway calls {@link
 * #apply} on its event loop: a stage that blocks (I/O, locks) must return an incomplete stage and
 * finish elsewhere. A stage that completes exceptionally fails closed: the request gets 500 and
 * never reaches the upstream. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface RequestStage {

  /** Decides on {@code request}; never null. */
  CompletionStage<StageResult> apply(RequestView request);
}
