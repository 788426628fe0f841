package io.bulwark.audit.alert;

import java.time.Instant;
import java.util.Optional;

/**
 * Filters for listing alerts; every present filter must hold.
 *
 * @param rule exact rule id
 * @param minSeverity at least this severity
 * @param group exact group
 * @param since raised at or after (inclusive)
 * @param until raised before (exclusive)
 * @param limit most alerts returned (1..{@link #MAX_LIMIT})
 */
public record AlertQuery(
    Optional<String> rule,
    Optional<Severity> minSeverity,
    Optional<String> group,
    Optional<Instant> since,
    Optional<Instant> until,
    int limit) {

  /** Default number of alerts returned. */
  public static final int DEFAULT_LIMIT = 100;

  /** Largest {@code limit}. */
  public static final int MAX_LIMIT = 1000;

  /** Validates the limit. */
  public AlertQuery {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must lie in 1.." + MAX_LIMIT);
    }
  }

  /** Everything, newest {@link #DEFAULT_LIMIT} first. */
  public static AlertQuery all() {
    return new AlertQuery(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_LIMIT);
  }

  boolean matches(Alert alert) {
    return rule.map(alert.rule()::equals).orElse(true)
        && minSeverity.map(s -> alert.severity().compareTo(s) >= 0).orElse(true)
        && group.map(alert.group()::equals).orElse(true)
        && since.map(t -> !alert.raisedAt().isBefore(t)).orElse(true)
        && until.map(alert.raisedAt()::isBefore).orElse(true);
  }
}
