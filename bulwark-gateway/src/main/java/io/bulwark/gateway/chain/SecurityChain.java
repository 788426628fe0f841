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

  /**
   * Runs the stages on {@code view}. Never completes exceptionally. Stages that answer at once (the
   * usual case: in-memory checks and cached tokens) run in a plain loop; the first one that has to
   * wait continues the chain when it completes, bounded by the timeout.
   */
  public CompletionStage<Outcome> run(RequestView view) {
    if (steps.isEmpty()) {
      return CompletableFuture.completedFuture(new Outcome(null, StageResult.proceed(), view));
    }
    CompletableFuture<Outcome> outcome = next(0, view, new Headers()).toCompletableFuture();
    if (outcome.isDone() && !outcome.isCompletedExceptionally()) {
      return outcome;
    }
    return outcome
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(SecurityChain::failClosed);
  }

  /**
   * Headers the stages so far asked for; a later stage's value replaces an earlier one's. The
   * (immutable) map of the only stage that set any is used as it is; a second one starts a copy.
   */
  private static final class Headers {
    private Map<String, String> upstream = Map.of();
    private Map<String, String> response = Map.of();

    void add(StageResult.Continue c) {
      upstream = combine(upstream, c.upstreamHeaders());
      response = combine(response, c.responseHeaders());
    }

    private static Map<String, String> combine(Map<String, String> so, Map<String, String> more) {
      if (more.isEmpty()) {
        return so;
      }
      if (so.isEmpty()) {
        return more;
      }
      Map<String, String> both = new LinkedHashMap<>(so);
      both.putAll(more);
      return both;
    }

    StageResult.Continue result(Attributes attributes) {
      return new StageResult.Continue(attributes, upstream, response);
    }
  }

  private CompletionStage<Outcome> next(int index, RequestView view, Headers headers) {
    RequestView current = view;
    for (int i = index; i < steps.size(); i++) {
      Step step = steps.get(i);
      CompletionStage<StageResult> pending;
      try {
        pending = step.stage().apply(current);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      if (!(pending instanceof CompletableFuture<StageResult> done)
          || !done.isDone()
          || done.isCompletedExceptionally()) {
        int following = i + 1;
        RequestView seen = current;
        return pending.thenCompose(r -> after(step, r, seen, headers, following));
      }
      StageResult r = done.join();
      if (r instanceof StageResult.Reject reject) {
        return CompletableFuture.completedFuture(new Outcome(step.phase(), reject, current));
      }
      StageResult.Continue c = (StageResult.Continue) r;
      headers.add(c);
      current = current.withAttributes(c.attributes());
    }
    return CompletableFuture.completedFuture(
        new Outcome(null, headers.result(current.attributes()), current));
  }

  private CompletionStage<Outcome> after(
      Step step, StageResult r, RequestView view, Headers headers, int following) {
    if (r instanceof StageResult.Reject reject) {
      return CompletableFuture.completedFuture(new Outcome(step.phase(), reject, view));
    }
    StageResult.Continue c = (StageResult.Continue) r;
    headers.add(c);
    return next(following, view.withAttributes(c.attributes()), headers);
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
