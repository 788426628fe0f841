package io.bulwark.audit.detect;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.time.Instant;
import java.util.Optional;

/**
 * A compiled CEL expression of a rule and its source text. Evaluation never throws: an error (such
 * as a detail the event does not carry) counts as "no match" or "no key", and is counted by the
 * engine.
 *
 * @param source the expression as written
 * @param program the planned expression
 */
public record Expression(String source, CelRuntime.Program program) {

  /** Compiles a boolean condition; see {@link EventCel#condition}. */
  static Expression condition(String source) {
    return new Expression(source, EventCel.condition(source));
  }

  /** Compiles a key expression; see {@link EventCel#key}. */
  static Expression key(String source) {
    return new Expression(source, EventCel.key(source));
  }

  /** Whether the condition holds; empty when evaluating it failed. */
  Optional<Boolean> test(EventActivation activation) {
    try {
      return Optional.of(Boolean.TRUE.equals(program.eval(activation)));
    } catch (CelEvaluationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The value as a string; empty when evaluation failed or the value is empty. */
  Optional<String> key(EventActivation activation) {
    Object value;
    try {
      value = program.eval(activation);
    } catch (CelEvaluationException | RuntimeException e) {
      return Optional.empty();
    }
    String text =
        switch (value) {
          case null -> "";
          case String s -> s;
          case Instant t -> t.toString();
          default -> String.valueOf(value);
        };
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }
}
