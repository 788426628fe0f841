package io.bulwark.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled principal policy: overrides for one principal id, checked before resource policies.
 */
final class PrincipalPolicy {
  private final String principal;
  private final Map<String, RuleIndex> byKind;
  private final RuleIndex anyKind;

  PrincipalPolicy(String principal, List<Rule> rules) {
    this.principal = principal;
    Map<String, RuleIndex> index = new HashMap<>();
    rules.stream()
        .map(Rule::resource)
        .filter(kind -> !kind.equals(Rule.ANY))
        .distinct()
        .forEach(kind -> index.put(kind, new RuleIndex(rules, kind)));
    this.byKind = Map.copyOf(index);
    this.anyKind = new RuleIndex(rules, "\0 no explicit kind");
  }

  String id() {
    return "principal:" + principal;
  }

  RuleIndex.Rules rulesFor(String kind, String action) {
    return byKind.getOrDefault(kind, anyKind).rulesFor(action);
  }
}
