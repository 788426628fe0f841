package io.bulwark.audit.detect;

import io.bulwark.core.audit.AuditEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs detection rules over audit events, one at a time, in arrival order; windows follow the
 * events' own times. Memory is bounded by {@code maxGroupsPerRule} groups per rule, each holding at
 * most the rule's threshold of events. Not thread-safe: {@link DetectingAuditLog} feeds it from one
 * thread.
 */
public final class DetectionEngine {
  /** Default cap on the groups one rule tracks at once. */
  public static final int DEFAULT_MAX_GROUPS_PER_RULE = 10_000;

  private final List<RuleState> states;
  private final Map<String, Object> settings;
  private final Consumer<Detection> out;
  private long evaluationErrors;
  private long processed;

  /**
   * An engine running {@code rules}, with {@code settings} visible to expressions as {@code
   * settings}, that hands each detection to {@code out}.
   */
  public DetectionEngine(
      List<Rule> rules, DetectionSettings settings, int maxGroupsPerRule, Consumer<Detection> out) {
    if (maxGroupsPerRule < 1) {
      throw new IllegalArgumentException("maxGroupsPerRule must be at least 1");
    }
    this.states = rules.stream().map(rule -> new RuleState(rule, maxGroupsPerRule)).toList();
    this.settings = settings.asCelMap();
    this.out = Objects.requireNonNull(out, "out");
  }

  /** The rules this engine runs. */
  public List<Rule> rules() {
    return states.stream().map(RuleState::rule).toList();
  }

  /** Feeds one event to every rule; detections go to the consumer before this returns. */
  public void process(AuditEvent event) {
    processed++;
    EventActivation activation = new EventActivation(event, settings);
    List<Detection> found = new ArrayList<>(1);
    for (RuleState state : states) {
      evaluate(state, event, activation).ifPresent(found::add);
    }
    found.forEach(out);
  }

  private Optional<Detection> evaluate(RuleState state, AuditEvent event, EventActivation a) {
    Rule rule = state.rule();
    if (rule.kind() == Rule.Kind.THRESHOLD) {
      if (!test(rule.match().orElseThrow(), a)) {
        return Optional.empty();
      }
      Optional<String> group = group(rule, a);
      if (group.isEmpty()) {
        return Optional.empty();
      }
      String value = null;
      if (rule.distinct().isPresent()) {
        Optional<String> distinct = rule.distinct().get().key(a);
        if (distinct.isEmpty()) {
          return Optional.empty();
        }
        value = distinct.get();
      }
      return state.count(group.get(), new Hit(event.time(), event.id(), value));
    }
    boolean then = test(rule.then().orElseThrow(), a);
    boolean first = test(rule.first().orElseThrow(), a);
    if (!then && !first) {
      return Optional.empty();
    }
    Optional<String> group = group(rule, a);
    if (group.isEmpty()) {
      return Optional.empty();
    }
    Hit hit = new Hit(event.time(), event.id(), null);
    Optional<Detection> detection = then ? state.follow(group.get(), hit) : Optional.empty();
    if (first) {
      state.remember(group.get(), hit);
    }
    return detection;
  }

  private boolean test(Expression expression, EventActivation a) {
    Optional<Boolean> result = expression.test(a);
    if (result.isEmpty()) {
      evaluationErrors++;
      return false;
    }
    return result.get();
  }

  private Optional<String> group(Rule rule, EventActivation a) {
    if (rule.groupBy().isEmpty()) {
      return Optional.of("*");
    }
    StringBuilder key = new StringBuilder();
    for (Expression part : rule.groupBy()) {
      Optional<String> value = part.key(a);
      if (value.isEmpty()) {
        return Optional.empty();
      }
      if (!key.isEmpty()) {
        key.append('|');
      }
      key.append(value.get());
    }
    return Optional.of(key.toString());
  }

  /** Events fed so far. */
  public long processed() {
    return processed;
  }

  /** Conditions that failed to evaluate (counted as no match). */
  public long evaluationErrors() {
    return evaluationErrors;
  }

  /** Groups currently held, over all rules. */
  public long groups() {
    return states.stream().mapToLong(RuleState::groups).sum();
  }

  /** Groups evicted because a rule reached its cap. */
  public long evictedGroups() {
    return states.stream().mapToLong(RuleState::evicted).sum();
  }
}
