package io.bulwark.bench.policy;

import io.bulwark.policy.PolicyLoadException;
import io.bulwark.policy.PolicySet;
import io.bulwark.policy.RequestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.casbin.jcasbin.main.Enforcer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One authorization decision by Bulwark's {@link PolicySet} and by jCasbin's {@link Enforcer} on
 * equivalent policies, in the same run: plain RBAC (20 kinds x 5 actions x 10 roles, 50 users) and
 * an owner-plus-conditions rule (CEL in Bulwark, Casbin's ABAC matcher). Each call takes the next
 * of {@value #INPUTS} pre-built, mixed allow/deny questions so the JIT cannot fold the answer, and
 * setup fails unless both engines agree on every one of them.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyDecisionBenchmark {
  private static final int INPUTS = 1024;
  private static final int MASK = INPUTS - 1;
  private static final RequestContext RBAC_CONTEXT =
      RequestContext.at(Instant.parse("2025-03-04T10:00:00Z"));

  private PolicySet bulwarkRbacPolicies;
  private PolicySet bulwarkOwnerPolicies;
  private Enforcer casbinRbacEnforcer;
  private Enforcer casbinOwnerEnforcer;
  private RbacScenario.Input[] rbacInputs;
  private OwnerScenario.Input[] ownerInputs;
  private int next;

  @Setup
  public void setUp() throws IOException, PolicyLoadException {
    Path rbacDir = Files.createTempDirectory("bench-rbac");
    Path ownerDir = Files.createTempDirectory("bench-owner");
    try {
      bulwarkRbacPolicies = RbacScenario.writeAndLoadBulwark(rbacDir);
      bulwarkOwnerPolicies = OwnerScenario.writeAndLoadBulwark(ownerDir);
    } finally {
      deleteTree(rbacDir);
      deleteTree(ownerDir);
    }
    casbinRbacEnforcer = RbacScenario.casbin();
    casbinOwnerEnforcer = OwnerScenario.casbin();
    rbacInputs = RbacScenario.inputs(INPUTS);
    ownerInputs = OwnerScenario.inputs(INPUTS);
    checkRbacAgreement();
    checkOwnerAgreement();
  }

  @Benchmark
  public boolean bulwarkRbac() {
    RbacScenario.Input in = rbacInputs[next++ & MASK];
    return bulwarkRbacPolicies
        .decide(in.principal(), in.resource(), in.action(), RBAC_CONTEXT)
        .allowed();
  }

  @Benchmark
  public boolean casbinRbac() {
    RbacScenario.Input in = rbacInputs[next++ & MASK];
    return casbinRbacEnforcer.enforce(in.principal().id(), in.resource().kind(), in.action());
  }

  @Benchmark
  public boolean bulwarkCel() {
    OwnerScenario.Input in = ownerInputs[next++ & MASK];
    return bulwarkOwnerPolicies
        .decide(in.principal(), in.resource(), in.action(), in.context())
        .allowed();
  }

  @Benchmark
  public boolean casbinAbac() {
    OwnerScenario.Input in = ownerInputs[next++ & MASK];
    return casbinOwnerEnforcer.enforce(in.subject(), in.document(), in.action(), in.env());
  }

  private void checkRbacAgreement() {
    int allowed = 0;
    for (RbacScenario.Input in : rbacInputs) {
      boolean bulwark =
          bulwarkRbacPolicies
              .decide(in.principal(), in.resource(), in.action(), RBAC_CONTEXT)
              .allowed();
      boolean casbin =
          casbinRbacEnforcer.enforce(in.principal().id(), in.resource().kind(), in.action());
      if (bulwark != casbin) {
        throw new IllegalStateException("RBAC engines disagree on " + in);
      }
      allowed += bulwark ? 1 : 0;
    }
    requireMixed("RBAC", allowed);
  }

  private void checkOwnerAgreement() {
    int allowed = 0;
    for (OwnerScenario.Input in : ownerInputs) {
      boolean bulwark =
          bulwarkOwnerPolicies
              .decide(in.principal(), in.resource(), in.action(), in.context())
              .allowed();
      boolean casbin =
          casbinOwnerEnforcer.enforce(in.subject(), in.document(), in.action(), in.env());
      if (bulwark != casbin) {
        throw new IllegalStateException("owner engines disagree on " + in);
      }
      allowed += bulwark ? 1 : 0;
    }
    requireMixed("owner", allowed);
  }

  private static void requireMixed(String scenario, int allowed) {
    if (allowed == 0 || allowed == INPUTS) {
      throw new IllegalStateException(
          scenario + " inputs must mix allow and deny, got " + allowed + " of " + INPUTS);
    }
    System.out.printf("%s: %d of %d inputs allowed by both engines%n", scenario, allowed, INPUTS);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(PolicyDecisionBenchmark::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
