package io.bulwark.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rules grouped by action at load time, deny rules apart from allow rules, so a decision only looks
 * at rules that can apply.
 */
final class RuleIndex {
  /** The deny and the allow rules for one action, in declaration order. */
  record Rules(List<Rule> denies, List<Rule> allows) {
    static final Rules NONE = new Rules(List.of(), List.of());

    static Rules of(List<Rule> rules) {
      List<Rule> denies = new ArrayList<>();
      List<Rule> allows = new ArrayList<>();
      for (Rule rule : rules) {
        (rule.effect() == Effect.DENY ? denies : allows).add(rule);
      }
      return new Rules(List.copyOf(denies), List.copyOf(allows));
    }
  }

  private final Map<String, Rules> byAction;
  private final Rules wildcard;

  /** Indexes the rules covering resource kind {@code kind}. */
  RuleIndex(List<Rule> rules, String kind) {
    List<Rule> relevant = rules.stream().filter(r -> r.coversResource(kind)).toList();
    Set<String> actions = new TreeSet<>();
    relevant.forEach(r -> actions.addAll(r.actions()));
    actions.remove(Rule.ANY);
    Map<String, Rules> index = new HashMap<>();
    for (String action : actions) {
      index.put(action, Rules.of(relevant.stream().filter(r -> r.coversAction(action)).toList()));
    }
    this.byAction = Map.copyOf(index);
    this.wildcard =
        Rules.of(relevant.stream().filter(r -> r.actions().contains(Rule.ANY)).toList());
  }

  Rules rulesFor(String action) {
    return byAction.getOrDefault(action, wildcard);
  }
}
