package io.bulwark.policy.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.audit.Outcome;
import io.bulwark.policy.PolicyLoadException;
import io.bulwark.policy.PolicySet;
import io.bulwark.policy.Principal;
import io.bulwark.policy.RequestContext;
import io.bulwark.policy.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingPoliciesTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Principal ALICE = Principal.of("alice", "customer");
  private static final Resource BREAD = Resource.of("product", "baguette");

  @TempDir Path dir;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  private final AuditLog audit =
      new AuditLog() {
        @Override
        public void append(AuditEvent event) {
          events.add(event);
        }

        @Override
        public void close() {}
      };
  private ReloadingPolicies policies;

  @AfterEach
  void stop() {
    if (policies != null) {
      policies.close();
    }
  }

  private static String catalog(String roles) {
    return """
    apiVersion: bulwark.io/v1
    resourcePolicy:
      resource: product
      rules:
        - name: readers
          actions: [read]
          effect: allow
          roles: %s
    """
        .formatted(roles);
  }

  private ReloadingPolicies start() throws PolicyLoadException {
    policies = ReloadingPolicies.start(dir, meters, audit, Clock.systemUTC());
    return policies;
  }

  private boolean aliceReads() {
    return policies
        .current()
        .decide(ALICE, BREAD, "read", RequestContext.at(Instant.now()))
        .allowed();
  }

  /** Waits for reloads by the watcher until {@code condition} holds, at most {@link #WAIT}. */
  private void awaitReload(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      assertThat(left).as("reload within %s", WAIT).isPositive();
      policies.awaitReloads(policies.reloads() + 1, Duration.ofNanos(left));
    }
  }

  private double reloads(String result) {
    return meters.counter("policy.reloads", "result", result).count();
  }

  @Test
  void brokenSetAtStartIsAStartupError() throws IOException {
    Files.writeString(dir.resolve("catalog.yaml"), catalog("[customer"));

    PolicyLoadException e =
        catchThrowableOfType(
            PolicyLoadException.class,
            () -> ReloadingPolicies.start(dir, meters, audit, Clock.systemUTC()));

    assertThat(e.errors()).isNotEmpty();
  }

  @Test
  void changedFileIsSwappedInCountedAndAudited() throws Exception {
    Files.writeString(dir.resolve("catalog.yaml"), catalog("[admin]"));
    start();
    assertThat(aliceReads()).isFalse();
    assertThat(policies.generation()).isEqualTo(1);

    Files.writeString(dir.resolve("catalog.yaml"), catalog("[admin, customer]"));
    awaitReload(this::aliceReads);

    assertThat(policies.generation()).isGreaterThanOrEqualTo(2);
    assertThat(policies.lastError()).isEmpty();
    assertThat(reloads("applied")).isGreaterThanOrEqualTo(1);
    assertThat(reloads("rejected")).isZero();
    assertThat(events)
        .last()
        .satisfies(event -> {
          assertThat(event.type()).isEqualTo("policy.changed");
          assertThat(event.outcome()).isEqualTo(Outcome.SUCCESS);
          assertThat(event.reason()).contains("1 resource policies [product]");
        });
  }

  @Test
  void brokenSetIsRejectedWholeAndThePreviousStaysActive() throws Exception {
    Files.writeString(dir.resolve("catalog.yaml"), catalog("[customer]"));
    start();
    PolicySet before = policies.current();

    Files.writeString(dir.resolve("extra.yaml"), catalog("[admin]"));
    Files.writeString(
        dir.resolve("broken.yaml"), "apiVersion: bulwark.io/v1\nresourcePolicy: {resource: x}\n");
    awaitReload(() ->
        reloads("rejected") >= 1
            && policies.lastError().isPresent()
            && policies.lastError().get().errors().size() >= 2);

    assertThat(policies.current()).isSameAs(before);
    assertThat(aliceReads()).isTrue();
    assertThat(policies.generation()).isEqualTo(1);
    assertThat(policies.lastError().orElseThrow().errors())
        .extracting(error -> error.format())
        .anySatisfy(line -> assertThat(line).contains("duplicate policy resource:product"))
        .anySatisfy(
            line -> assertThat(line).contains("broken.yaml:2:17: missing required field 'rules'"));
    AuditEvent rejected = events.getLast();
    assertThat(rejected.type()).isEqualTo("policy.rejected");
    assertThat(rejected.outcome()).isEqualTo(Outcome.FAILURE);
    assertThat(rejected.reason()).contains("broken.yaml:2:17");
    assertThat(rejected.details()).containsEntry("generation", "1");
  }

  @Test
  void newSubdirectoryIsWatched() throws Exception {
    Files.writeString(dir.resolve("catalog.yaml"), catalog("[admin]"));
    start();
    Path team = Files.createDirectory(dir.resolve("team"));
    awaitReload(() -> policies.reloads() >= 1);

    Files.writeString(
        team.resolve("alice.yaml"),
        """
        apiVersion: bulwark.io/v1
        principalPolicy:
          principal: alice
          rules:
            - {resource: product, actions: [read], effect: allow}
        """);
    awaitReload(this::aliceReads);

    assertThat(policies.current().principalPolicyCount()).isEqualTo(1);
  }

  @Test
  void explicitReloadReportsTheOutcome() throws Exception {
    Files.writeString(dir.resolve("catalog.yaml"), catalog("[admin]"));
    start();
    Path file = dir.resolve("catalog.yaml");

    Files.writeString(file, catalog("[customer"));
    boolean broken = policies.reload();
    Files.writeString(file, catalog("[customer]"));
    boolean fixed = policies.reload();

    assertThat(broken).isFalse();
    assertThat(fixed).isTrue();
    assertThat(aliceReads()).isTrue();
  }
}
