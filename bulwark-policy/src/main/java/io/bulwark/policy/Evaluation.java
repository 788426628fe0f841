package io.bulwark.policy;

import java.util.HashMap;
import java.util.Map;

/**
 * The state of deciding for one principal, resource and context: the CEL variables and the derived
 * roles already evaluated, shared across the actions of a batch.
 */
final class Evaluation {
  private final Principal principal;
  private final Activation activation;
  private Map<DerivedRole, Condition.Outcome> derived;

  Evaluation(Principal principal, Resource resource, RequestContext context) {
    this.principal = principal;
    this.activation = new Activation(principal, resource, context);
  }

  Principal principal() {
    return principal;
  }

  Condition.Outcome condition(Condition condition) {
    return condition == null ? Condition.Outcome.TRUE : condition.evaluate(activation);
  }

  /** Whether the principal holds {@code role} directly; {@code *} is any authenticated one. */
  boolean holds(String role) {
    return role.equals(Rule.ANY) ? !principal.isAnonymous() : principal.roles().contains(role);
  }

  /** Whether the derived role applies, evaluating it at most once per evaluation. */
  Condition.Outcome derived(DerivedRole role) {
    if (derived == null) {
      derived = new HashMap<>();
    }
    Condition.Outcome known = derived.get(role);
    if (known == null) {
      boolean parent = role.parentRoles().stream().anyMatch(this::holds);
      known = parent ? condition(role.condition()) : Condition.Outcome.FALSE;
      derived.put(role, known);
    }
    return known;
  }
}
