package io.bulwark.policy;

/**
 * The outcome of one action of one test in a policy test suite.
 *
 * @param suite the suite's name
 * @param test the test's name
 * @param action the action asked about
 * @param expected the effect the suite expects
 * @param actual the engine's decision
 */
public record TestResult(
    String suite, String test, String action, Effect expected, Decision actual) {

  /** True when the decision has the expected effect. */
  public boolean passed() {
    return expected == actual.effect();
  }
}
