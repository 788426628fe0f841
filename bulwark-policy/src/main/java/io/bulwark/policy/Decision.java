package io.bulwark.policy;

import java.util.Objects;

/**
 * The answer to one question, with what decided it, for audit records and the console.
 *
 * @param effect allow or deny
 * @param policy the deciding policy, {@code resource:KIND} or {@code principal:ID}; {@code ""} when
 *     no policy exists for the resource kind
 * @param rule the deciding rule's name; {@code ""} for a default deny
 * @param explanation one sentence a person can read
 */
public record Decision(Effect effect, String policy, String rule, String explanation) {

  /** Requires every component. */
  public Decision {
    Objects.requireNonNull(effect, "effect");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(explanation, "explanation");
  }

  /** True when the effect is {@link Effect#ALLOW}. */
  public boolean allowed() {
    return effect == Effect.ALLOW;
  }
}
