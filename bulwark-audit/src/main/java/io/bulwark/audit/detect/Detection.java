package io.bulwark.audit.detect;

import java.time.Instant;
import java.util.List;

/**
 * A rule that fired: which group and which events raised it.
 *
 * @param rule the rule
 * @param group the group key's values joined with {@code |} ({@code "*"} for a rule without
 *     groupBy)
 * @param eventIds the ids of the events that raised it, oldest first
 * @param firstEventAt the time of the oldest of them
 * @param lastEventAt the time of the newest of them
 */
public record Detection(
    Rule rule, String group, List<String> eventIds, Instant firstEventAt, Instant lastEventAt) {

  /** Copies the list. */
  public Detection {
    eventIds = List.copyOf(eventIds);
  }
}
