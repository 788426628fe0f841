package io.bulwark.audit.detect;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The per-group memory of one rule, bounded: at most {@code maxGroups} groups (the least recently
 * touched is evicted first, and any group idle for longer than the window is dropped), each keeping
 * at most {@code threshold} events. Not thread-safe: the engine feeds it from one thread.
 */
final class RuleState {
  private final Rule rule;
  private final int maxGroups;
  private final LinkedHashMap<String, Group> groups = new LinkedHashMap<>(64, 0.75f, true);
  private long evicted;

  private static final class Group {
    final java.util.ArrayDeque<Hit> hits = new java.util.ArrayDeque<>();
    Instant last;
  }

  RuleState(Rule rule, int maxGroups) {
    this.rule = rule;
    this.maxGroups = maxGroups;
  }

  Rule rule() {
    return rule;
  }

  /** Groups currently held. */
  int groups() {
    return groups.size();
  }

  /** Groups dropped because the cap was reached (not counting idle ones). */
  long evicted() {
    return evicted;
  }

  /** Counts a matching event of a threshold rule; a detection when the group reached it. */
  Optional<Detection> count(String group, Hit hit) {
    dropIdle(hit.time());
    Group g = group(group, hit.time());
    Instant horizon = g.last.minus(rule.window());
    if (hit.time().isBefore(horizon)) {
      return Optional.empty(); // arrived too late for the group's current window
    }
    if (hit.value() != null) {
      g.hits.removeIf(h -> h.value().equals(hit.value()));
    }
    g.hits.addLast(hit);
    g.hits.removeIf(h -> h.time().isBefore(horizon));
    while (g.hits.size() > rule.threshold()) {
      g.hits.removeFirst();
    }
    if (g.hits.size() < rule.threshold()) {
      return Optional.empty();
    }
    Detection detection = detection(group, g);
    g.hits.clear();
    return Optional.of(detection);
  }

  /** Remembers the first step of a sequence rule for {@code group}. */
  void remember(String group, Hit hit) {
    dropIdle(hit.time());
    Group g = group(group, hit.time());
    g.hits.clear();
    g.hits.addLast(hit);
  }

  /** The second step of a sequence rule: a detection when {@code group}'s first step is recent. */
  Optional<Detection> follow(String group, Hit hit) {
    dropIdle(hit.time());
    Group g = groups.get(group);
    if (g == null || g.hits.isEmpty()) {
      return Optional.empty();
    }
    Hit first = g.hits.getFirst();
    if (hit.time().isBefore(first.time())
        || hit.time().isAfter(first.time().plus(rule.window()))
        || first.eventId().equals(hit.eventId())) {
      return Optional.empty();
    }
    g.hits.addLast(hit);
    Detection detection = detection(group, g);
    g.hits.removeLast();
    return Optional.of(detection);
  }

  private Group group(String key, Instant time) {
    Group g = groups.get(key);
    if (g == null) {
      if (groups.size() >= maxGroups) {
        Iterator<Map.Entry<String, Group>> eldest = groups.entrySet().iterator();
        eldest.next();
        eldest.remove();
        evicted++;
      }
      g = new Group();
      groups.put(key, g);
    }
    if (g.last == null || time.isAfter(g.last)) {
      g.last = time;
    }
    return g;
  }

  private void dropIdle(Instant now) {
    Instant horizon = now.minus(rule.window());
    for (Iterator<Group> it = groups.values().iterator(); it.hasNext(); ) {
      Group g = it.next();
      if (!g.last.isBefore(horizon)) {
        return;
      }
      it.remove();
    }
  }

  private Detection detection(String group, Group g) {
    return new Detection(
        rule,
        group,
        g.hits.stream().map(Hit::eventId).toList(),
        g.hits.getFirst().time(),
        g.hits.getLast().time());
  }
}
