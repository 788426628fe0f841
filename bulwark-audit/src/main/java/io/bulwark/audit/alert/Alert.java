package io.bulwark.audit.alert;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An alert raised by a detection rule, linking the audit events that raised it.
 *
 * @param id a ULID
 * @param rule the rule's id
 * @param title the rule's title
 * @param severity how urgent
 * @param group the group the rule counted in (its group-by values joined with {@code |})
 * @param raisedAt when the alert was first raised
 * @param updatedAt when it last absorbed a duplicate ({@code raisedAt} if never)
 * @param firstEventAt the time of the oldest linked event
 * @param lastEventAt the time of the newest linked event
 * @param occurrences how many times the rule fired for this group while the alert was open (1 +
 *     duplicates merged into it)
 * @param eventIds ids of the linked events, oldest first, at most {@link #MAX_EVENT_IDS}
 * @param description the rule's description
 */
public record Alert(
    String id,
    String rule,
    String title,
    Severity severity,
    String group,
    Instant raisedAt,
    Instant updatedAt,
    Instant firstEventAt,
    Instant lastEventAt,
    int occurrences,
    List<String> eventIds,
    String description) {

  /** Most event ids one alert keeps; later ones are counted in {@code occurrences} only. */
  public static final int MAX_EVENT_IDS = 200;

  /** Copies the list. */
  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    eventIds = List.copyOf(eventIds);
  }

  /** One line for logs and chat: {@code [high] title (group): N events}. */
  public String summary() {
    return "["
        + severity.jsonValue()
        + "] "
        + title
        + " ("
        + group
        + "): "
        + eventIds.size()
        + (eventIds.size() == 1 ? " event" : " events")
        + (occurrences > 1 ? ", fired " + occurrences + " times" : "");
  }
}
