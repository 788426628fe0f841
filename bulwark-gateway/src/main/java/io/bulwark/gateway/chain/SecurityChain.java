package io.bulwark.gateway.chain;

import io.bulwark.core.problem.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The stages of one route in {@link Phase} order. Each stage sees the attributes of the ones
 * before; the first rejection ends the chain. The whole chain is bounded by a timeout, after which
 * it fails closed (503). Immutable and thread-safe.
 */
public final class SecurityChain {
  /** A chain with no stages: every request continues. */
  public static final SecurityChain EMPTY = new SecurityChain(List.of(), Duration.ofSeconds(5));

  private final List<Step> steps;
  private final Duration timeout;

  /** A stage and the phase it runs in. */
  public record Step(Phase phase, RequestStage stage) {}

  /**
   * The outcome of the whole chain.
   *
   * @param rejectedBy phase of the stage that rejected, or {@code null} if the request continues
   * @param result the combined {@link StageResult.Continue}, or the {@link StageResult.Reject}
   * @param view the request view with every attribute the stages added
   */
  public record Outcome(Phase rejectedBy, StageResult result, RequestView view) {
    /** Whether the request may go upstream. */
    public boolean allowed() {
      return result instanceof StageResult.Continue;
    }
  }

  /**
   * @param steps the stages, in any order (sorted by phase, stable within a phase)
   * @param timeout most time the whole chain may take
   */
  public SecurityChain(List<Step> steps, Duration timeout) {
    List<Step> sorted = new ArrayList<>(steps);
    sorted.sort((a, b) -> a.phase().compareTo(b.phase()));
    this.steps = List.copyOf(sorted);
    this.timeout = timeout;
  }

  /** Whether the chain has no stages. */
  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /** Runs the stages on {@code view}. Never completes exceptionally. */
  public CompletionStage<Outcome> run(RequestView view) {
    if (steps.isEmpty()) {
      return CompletableFuture.completedFuture(new Outcome(null, StageResult.proceed(), view));
    }
    Accumulated start = new Accumulated(view, new LinkedHashMap<>(), new LinkedHashMap<>());
    return next(0, start)
        .toCompletableFuture()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(SecurityChain::failClosed);
  }

  private record Accumulated(
      RequestView view, Map<String, String> upstream, Map<String, String> response) {}

  private CompletionStage<Outcome> next(int index, Accumulated acc) {
    if (index == steps.size()) {
      return CompletableFuture.completedFuture(
          new Outcome(
              null,
              new StageResult.Continue(acc.view().attributes(), acc.upstream(), acc.response()),
              acc.view()));
    }
    Step step = steps.get(index);
    CompletionStage<StageResult> result;
    try {
      result = step.stage().apply(acc.view());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return result.thenCompose(r -> {
      if (r instanceof StageResult.Reject reject) {
        return CompletableFuture.completedFuture(new Outcome(step.phase(), reject, acc.view()));
      }
      StageResult.Continue c = (StageResult.Continue) r;
      acc.upstream().putAll(c.upstreamHeaders());
      acc.response().putAll(c.responseHeaders());
      return next(
          index + 1,
          new Accumulated(
              acc.view().withAttributes(c.attributes()), acc.upstream(), acc.response()));
    });
  }

  private static Outcome failClosed(Throwable error) {
    Throwable cause =
        error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause()
            : error;
    Problem problem =
        cause instanceof TimeoutException
            ? Problem.of(
                503,
                "chain-timeout",
                "Service Unavailable",
                "a security check did not finish in time")
            : Problem.of(500, "chain-failure", "Internal Server Error", "a security check failed");
    return new Outcome(null, StageResult.reject(problem), null);
  }
}
