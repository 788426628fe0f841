package io.bulwark.audit.detect;

import io.bulwark.audit.alert.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One detection rule, compiled. A {@link Kind#THRESHOLD} rule raises an alert when, within {@code
 * window}, at least {@code threshold} events matching {@code match} fall into one group (or, with
 * {@code distinct}, carry that many distinct values). A {@link Kind#SEQUENCE} rule raises one when
 * an event matching {@code then} follows an event matching {@code first} of the same group within
 * {@code window}.
 *
 * @param id unique name, lower case with dashes
 * @param title one line for humans
 * @param description what it means and what to do
 * @param severity how urgent its alerts are
 * @param kind threshold or sequence
 * @param window how far back events count
 * @param threshold how many events (or distinct values) raise an alert; 1 for sequences
 * @param match the condition of a threshold rule
 * @param groupBy key expressions; their values joined form the group ({@code []}: one group)
 * @param distinct for a threshold rule, count distinct values of this instead of events
 * @param first the first step of a sequence rule
 * @param then the second step of a sequence rule
 * @param source where the rule was loaded from
 */
public record Rule(
    String id,
    String title,
    String description,
    Severity severity,
    Kind kind,
    Duration window,
    int threshold,
    Optional<Expression> match,
    List<Expression> groupBy,
    Optional<Expression> distinct,
    Optional<Expression> first,
    Optional<Expression> then,
    String source) {

  /** What a rule looks for. */
  public enum Kind {
    /** Enough matching events (or distinct values) in a window. */
    THRESHOLD,
    /** One event followed by another of the same group within a window. */
    SEQUENCE
  }

  /** Copies the lists and checks that the kind has its expressions. */
  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(window, "window");
    groupBy = List.copyOf(groupBy);
    if (kind == Kind.THRESHOLD && match.isEmpty()) {
      throw new IllegalArgumentException("a threshold rule needs match");
    }
    if (kind == Kind.SEQUENCE && (first.isEmpty() || then.isEmpty())) {
      throw new IllegalArgumentException("a sequence rule needs first and then");
    }
  }
}
