package io.bulwark.policy.reload;

import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.id.Ulid;
import io.bulwark.policy.PolicyError;
import io.bulwark.policy.PolicyLoadException;
import io.bulwark.policy.PolicyLoader;
import io.bulwark.policy.PolicySet;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy set of a directory, kept current while files change. A changed tree is compiled whole
 * and swapped atomically; a tree with any error is rejected whole and the previous set stays
 * active. Every outcome is logged, counted as {@code policy.reloads{result=applied|rejected}} and
 * audited ({@code policy.changed} / {@code policy.rejected}) when an audit log is given.
 *
 * <p>A broken tree at start is a startup error ({@link PolicyLoadException}). Watching uses one
 * daemon thread and the JDK {@link java.nio.file.WatchService}; bursts of events are coalesced
 * ({@value DirectoryWatcher#DEBOUNCE_MILLIS} ms of quiet) into one reload.
 */
public final class ReloadingPolicies implements AutoCloseable, Supplier<PolicySet> {
  private static final Logger log = LoggerFactory.getLogger(ReloadingPolicies.class);
  private static final int ERRORS_IN_AUDIT = 5;

  private final Path dir;
  private final AuditLog audit;
  private final Clock clock;
  private final Ulid.Generator ids;
  private final Counter applied;
  private final Counter rejected;
  private final AtomicReference<PolicySet> current = new AtomicReference<>();
  private final Object monitor = new Object();
  private long generation;
  private long reloads;
  private PolicyLoadException lastError;
  private DirectoryWatcher watcher;

  private ReloadingPolicies(Path dir, MeterRegistry meters, AuditLog audit, Clock clock) {
    this.dir = dir;
    this.audit = audit;
    this.clock = clock;
    this.ids = Ulid.generator(clock);
    this.applied = counter(meters, "applied");
    this.rejected = counter(meters, "rejected");
  }

  /**
   * Loads {@code dir} and starts watching it.
   *
   * @param audit where reload outcomes are audited, or {@code null} for none
   * @throws PolicyLoadException when the policies at start have errors
   */
  public static ReloadingPolicies start(Path dir, MeterRegistry meters, AuditLog audit, Clock clock)
      throws PolicyLoadException {
    Path root = dir.toAbsolutePath().normalize();
    ReloadingPolicies policies =
        new ReloadingPolicies(
            root,
            Objects.requireNonNull(meters, "meters"),
            audit,
            Objects.requireNonNull(clock, "clock"));
    PolicySet first = PolicyLoader.load(root);
    policies.current.set(first);
    policies.generation = 1;
    log.info("policies loaded from {}: {}", root, summary(first));
    try {
      policies.watcher = DirectoryWatcher.start(root, policies::reloadQuietly);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot watch " + root, e);
    }
    return policies;
  }

  /** The active set; never null. */
  public PolicySet current() {
    return current.get();
  }

  /** Same as {@link #current()}, so this can be handed out as a {@code Supplier<PolicySet>}. */
  @Override
  public PolicySet get() {
    return current();
  }

  /** The watched directory, absolute. */
  public Path directory() {
    return dir;
  }

  /** How many sets have been active: 1 after start, one more per applied reload. */
  public long generation() {
    synchronized (monitor) {
      return generation;
    }
  }

  /** How many reloads ran since start, applied or rejected. */
  public long reloads() {
    synchronized (monitor) {
      return reloads;
    }
  }

  /** The errors of the last reload when it was rejected; empty after an applied one. */
  public Optional<PolicyLoadException> lastError() {
    synchronized (monitor) {
      return Optional.ofNullable(lastError);
    }
  }

  /**
   * Waits until at least {@code count} reloads have run, for callers (and tests) that changed files
   * and want the outcome; returns whether that happened within {@code timeout}.
   */
  public boolean awaitReloads(long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (monitor) {
      while (reloads < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        monitor.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  /**
   * Compiles the directory now and swaps the set in, or rejects it whole and keeps the previous
   * one; returns whether the new set was applied.
   */
  public boolean reload() {
    synchronized (monitor) {
      try {
        PolicySet next = PolicyLoader.load(dir);
        current.set(next);
        generation++;
        lastError = null;
        applied.increment();
        log.info("policies reloaded from {} (generation {}): {}", dir, generation, summary(next));
        audit(
            AuditEvent.builder("policy.changed")
                .outcome(Outcome.SUCCESS)
                .reason(summary(next))
                .detail("generation", Long.toString(generation)));
        return true;
      } catch (PolicyLoadException e) {
        lastError = e;
        rejected.increment();
        log.warn(
            "policies in {} rejected, generation {} stays active; {} error(s):\n  {}",
            dir,
            generation,
            e.errors().size(),
            e.errors().stream().map(PolicyError::format).collect(Collectors.joining("\n  ")));
        audit(
            AuditEvent.builder("policy.rejected")
                .outcome(Outcome.FAILURE)
                .reason(firstErrors(e.errors()))
                .detail("errors", Integer.toString(e.errors().size()))
                .detail("generation", Long.toString(generation)));
        return false;
      } finally {
        reloads++;
        monitor.notifyAll();
      }
    }
  }

  private void reloadQuietly() {
    try {
      reload();
    } catch (RuntimeException e) {
      log.error("policy reload of {} failed", dir, e);
    }
  }

  private void audit(AuditEvent.Builder event) {
    if (audit == null) {
      return;
    }
    try {
      audit.append(
          event
              .target("policies:" + dir)
              .action("reload")
              .detail("dir", dir.toString())
              .build(clock, ids));
    } catch (RuntimeException e) {
      log.error("cannot audit policy reload of {}", dir, e);
    }
  }

  private static String firstErrors(List<PolicyError> errors) {
    String first =
        errors.stream()
            .limit(ERRORS_IN_AUDIT)
            .map(PolicyError::format)
            .collect(Collectors.joining("; "));
    return errors.size() > ERRORS_IN_AUDIT
        ? first + " (and " + (errors.size() - ERRORS_IN_AUDIT) + " more)"
        : first;
  }

  private static String summary(PolicySet set) {
    return set.resourceKinds().size()
        + " resource policies "
        + set.resourceKinds()
        + ", "
        + set.principalPolicyCount()
        + " principal policies, "
        + set.routes().size()
        + " routes";
  }

  private static Counter counter(MeterRegistry meters, String result) {
    return Counter.builder("policy.reloads")
        .description("Policy directory reloads, by outcome")
        .tag("result", result)
        .register(meters);
  }

  /** Stops watching; the last set stays readable. */
  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
  }
}
