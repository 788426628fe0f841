package io.bulwark.policy;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/**
 * A compiled CEL condition and its source text. Evaluation never throws: an error (a missing
 * attribute, a wrong runtime type) is an {@link Outcome} the caller resolves fail-closed.
 *
 * @param source the expression as written
 * @param program the planned expression, reused by every decision
 */
record Condition(String source, CelRuntime.Program program) {

  /** The result of evaluating a condition. */
  record Outcome(boolean met, String error) {
    static final Outcome TRUE = new Outcome(true, null);
    static final Outcome FALSE = new Outcome(false, null);

    boolean failed() {
      return error != null;
    }
  }

  Outcome evaluate(Activation activation) {
    try {
      return Boolean.TRUE.equals(program.eval(activation)) ? Outcome.TRUE : Outcome.FALSE;
    } catch (CelEvaluationException | RuntimeException e) {
      return new Outcome(false, firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "evaluation error";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
