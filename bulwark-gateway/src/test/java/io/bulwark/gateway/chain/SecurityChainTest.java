package io.bulwark.gateway.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.core.problem.Problem;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SecurityChainTest {
  private final RequestView view =
      new RequestView(
          "GET",
          "/x",
          null,
          "h",
          RouteConfig.of("r", PathMatch.prefix("/"), "c"),
          Map.of(),
          Map.of(),
          new InetSocketAddress("127.0.0.1", 1234),
          false,
          List.of(),
          Attributes.EMPTY);

  private static RequestStage recording(List<String> log, String name) {
    return req -> {
      log.add(name);
      return CompletableFuture.completedFuture(StageResult.proceed());
    };
  }

  @Test
  void runsStagesInPhaseOrderWhateverTheRegistrationOrder() {
    List<String> log = new CopyOnWriteArrayList<>();
    SecurityChain chain =
        new SecurityChain(
            List.of(
                new SecurityChain.Step(Phase.VALIDATION, recording(log, "validation")),
                new SecurityChain.Step(Phase.RATE_LIMIT, recording(log, "rate")),
                new SecurityChain.Step(Phase.AUTHENTICATION, recording(log, "authn")),
                new SecurityChain.Step(Phase.AUTHORIZATION, recording(log, "authz")),
                new SecurityChain.Step(Phase.REVOCATION, recording(log, "revocation"))),
            Duration.ofSeconds(1));
    assertThat(chain.run(view).toCompletableFuture().join().allowed()).isTrue();
    assertThat(log).containsExactly("authn", "revocation", "authz", "rate", "validation");
  }

  @Test
  void laterStagesSeeAttributesOfEarlierOnesAndHeadersAccumulate() {
    RequestStage authn =
        req ->
            CompletableFuture.supplyAsync(() ->
                new StageResult.Continue(
                    Attributes.EMPTY.with(Attributes.PRINCIPAL, "alice"),
                    Map.of("X-Bulwark-Principal", "alice"),
                    Map.of()));
    RequestStage rate =
        req ->
            CompletableFuture.completedFuture(
                new StageResult.Continue(
                    Attributes.EMPTY,
                    Map.of(),
                    Map.of(
                        "RateLimit",
                        "limit=10, remaining="
                            + req.attributes().get(Attributes.PRINCIPAL).orElse("?"))));
    SecurityChain.Outcome outcome =
        new SecurityChain(
                List.of(
                    new SecurityChain.Step(Phase.RATE_LIMIT, rate),
                    new SecurityChain.Step(Phase.AUTHENTICATION, authn)),
                Duration.ofSeconds(1))
            .run(view)
            .toCompletableFuture()
            .join();
    StageResult.Continue result = (StageResult.Continue) outcome.result();
    assertThat(result.upstreamHeaders()).containsEntry("X-Bulwark-Principal", "alice");
    assertThat(result.responseHeaders()).containsEntry("RateLimit", "limit=10, remaining=alice");
    assertThat(outcome.view().attributes().get(Attributes.PRINCIPAL)).hasValue("alice");
  }

  @Test
  void firstRejectionStopsTheChain() {
    List<String> log = new CopyOnWriteArrayList<>();
    RequestStage deny =
        req ->
            CompletableFuture.completedFuture(
                new StageResult.Reject(
                    Problem.of(429, "rate-limited", "Too Many Requests", null),
                    Map.of("Retry-After", "3")));
    SecurityChain.Outcome outcome =
        new SecurityChain(
                List.of(
                    new SecurityChain.Step(Phase.RATE_LIMIT, deny),
                    new SecurityChain.Step(Phase.VALIDATION, recording(log, "validation"))),
                Duration.ofSeconds(1))
            .run(view)
            .toCompletableFuture()
            .join();
    assertThat(outcome.allowed()).isFalse();
    assertThat(outcome.rejectedBy()).isEqualTo(Phase.RATE_LIMIT);
    assertThat(((StageResult.Reject) outcome.result()).headers()).containsEntry("Retry-After", "3");
    assertThat(log).isEmpty();
  }

  @Test
  void failsClosedWhenAStageThrowsOrFailsOrHangs() {
    RequestStage throwing =
        req -> {
          throw new IllegalStateException("boom");
        };
    RequestStage failing = req -> CompletableFuture.failedFuture(new RuntimeException("down"));
    RequestStage hanging = req -> new CompletableFuture<>();
    assertThat(statusOf(throwing)).isEqualTo(500);
    assertThat(statusOf(failing)).isEqualTo(500);
    assertThat(statusOf(hanging)).isEqualTo(503);
  }

  @Test
  void aLaterStageReplacesAnEarlierStagesHeaderOfTheSameName() {
    RequestStage first =
        req ->
            CompletableFuture.completedFuture(
                new StageResult.Continue(
                    Attributes.EMPTY, Map.of("X-A", "1", "X-B", "1"), Map.of("R", "1")));
    RequestStage second =
        req ->
            CompletableFuture.completedFuture(
                new StageResult.Continue(Attributes.EMPTY, Map.of("X-A", "2"), Map.of()));
    SecurityChain.Outcome outcome =
        new SecurityChain(
                List.of(
                    new SecurityChain.Step(Phase.AUTHENTICATION, first),
                    new SecurityChain.Step(Phase.AUTHORIZATION, second)),
                Duration.ofSeconds(1))
            .run(view)
            .toCompletableFuture()
            .join();
    StageResult.Continue result = (StageResult.Continue) outcome.result();
    assertThat(result.upstreamHeaders()).containsOnly(Map.entry("X-A", "2"), Map.entry("X-B", "1"));
    assertThat(result.responseHeaders()).containsOnly(Map.entry("R", "1"));
  }

  @Test
  void stagesThatAddNothingLeaveTheViewAsItWas() {
    SecurityChain.Outcome outcome =
        new SecurityChain(
                List.of(
                    new SecurityChain.Step(Phase.AUTHENTICATION, recording(new ArrayList<>(), "a")),
                    new SecurityChain.Step(Phase.AUTHORIZATION, recording(new ArrayList<>(), "b"))),
                Duration.ofSeconds(1))
            .run(view)
            .toCompletableFuture()
            .join();
    assertThat(outcome.view()).isSameAs(view);
    assertThat(((StageResult.Continue) outcome.result()).upstreamHeaders()).isEmpty();
  }

  @Test
  void aStageThatHangsAfterOnesThatAnsweredAtOnceStillTimesOut() {
    List<String> log = new CopyOnWriteArrayList<>();
    SecurityChain.Outcome outcome =
        new SecurityChain(
                List.of(
                    new SecurityChain.Step(Phase.AUTHENTICATION, recording(log, "authn")),
                    new SecurityChain.Step(Phase.AUTHORIZATION, req -> new CompletableFuture<>()),
                    new SecurityChain.Step(Phase.VALIDATION, recording(log, "validation"))),
                Duration.ofMillis(200))
            .run(view)
            .toCompletableFuture()
            .join();
    assertThat(((StageResult.Reject) outcome.result()).problem().status()).isEqualTo(503);
    assertThat(log).containsExactly("authn");
  }

  @Test
  void aRejectionAfterAnAsynchronousStageEndsTheChainThere() {
    List<String> log = new CopyOnWriteArrayList<>();
    RequestStage slowDeny =
        req ->
            CompletableFuture.supplyAsync(
                () -> StageResult.reject(Problem.of(403, "forbidden", "Forbidden", null)));
    SecurityChain.Outcome outcome =
        new SecurityChain(
                List.of(
                    new SecurityChain.Step(Phase.AUTHORIZATION, slowDeny),
                    new SecurityChain.Step(Phase.VALIDATION, recording(log, "validation"))),
                Duration.ofSeconds(1))
            .run(view)
            .toCompletableFuture()
            .join();
    assertThat(outcome.rejectedBy()).isEqualTo(Phase.AUTHORIZATION);
    assertThat(log).isEmpty();
  }

  private int statusOf(RequestStage stage) {
    SecurityChain.Outcome outcome =
        new SecurityChain(
                List.of(new SecurityChain.Step(Phase.AUTHENTICATION, stage)),
                Duration.ofMillis(200))
            .run(view)
            .toCompletableFuture()
            .join();
    assertThat(outcome.allowed()).isFalse();
    return ((StageResult.Reject) outcome.result()).problem().status();
  }
}
