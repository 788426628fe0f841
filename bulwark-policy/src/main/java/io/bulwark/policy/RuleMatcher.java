package io.bulwark.policy;

/**
 * Applies the rules of one policy for one action: a matching deny rule wins, then the first
 * matching allow rule; null when none matches. Deny rules treat an evaluation error as a match,
 * allow rules as no match.
 */
final class RuleMatcher {
  private RuleMatcher() {}

  static Decision apply(
      RuleIndex.Rules rules, Evaluation evaluation, Resource resource, String action) {
    for (Rule rule : rules.denies()) {
      Decision decision = match(rule, evaluation, resource, action, true);
      if (decision != null) {
        return decision;
      }
    }
    for (Rule rule : rules.allows()) {
      Decision decision = match(rule, evaluation, resource, action, false);
      if (decision != null) {
        return decision;
      }
    }
    return null;
  }

  private static Decision match(
      Rule rule, Evaluation evaluation, Resource resource, String action, boolean deny) {
    String role = matchingRole(rule, evaluation, deny);
    if (role == null) {
      return null;
    }
    Condition.Outcome outcome = evaluation.condition(rule.condition());
    boolean matched = outcome.met() || (deny && outcome.failed());
    if (!matched) {
      return null;
    }
    StringBuilder why =
        new StringBuilder("rule '")
            .append(rule.name())
            .append("' of ")
            .append(rule.policy())
            .append(deny ? " denies '" : " allows '")
            .append(action)
            .append("' on ")
            .append(resource.kind())
            .append(role);
    if (rule.condition() != null) {
      why.append(outcome.failed() ? " because its condition failed to evaluate (" : " because ");
      why.append(
          outcome.failed() ? outcome.error() + "; deny rules fail closed)" : "its condition holds");
    }
    return new Decision(
        deny ? Effect.DENY : Effect.ALLOW, rule.policy(), rule.name(), why.toString());
  }

  /** Describes how the principal matches the rule's roles, or null when it does not. */
  private static String matchingRole(Rule rule, Evaluation evaluation, boolean deny) {
    if (rule.forAnyRole()) {
      return " for principal '" + evaluation.principal().id() + "'";
    }
    for (String role : rule.roles()) {
      if (evaluation.holds(role)) {
        return role.equals(Rule.ANY)
            ? " for any authenticated principal"
            : " for role '" + role + "'";
      }
    }
    for (DerivedRole role : rule.derivedRoles()) {
      Condition.Outcome outcome = evaluation.derived(role);
      if (outcome.met()) {
        return " for derived role '" + role.name() + "'";
      }
      if (deny && outcome.failed()) {
        return " for derived role '"
            + role.name()
            + "' (its condition failed to evaluate: "
            + outcome.error()
            + "; deny rules fail closed)";
      }
    }
    return null;
  }
}
