package io.bulwark.policy;

import java.util.List;

/**
 * What running the policy test suites of a directory found.
 *
 * @param errors load errors in policies or suites, each with its position
 * @param results one result per test and action, in suite order
 */
public record PolicyTestReport(List<PolicyError> errors, List<TestResult> results) {

  /** Copies the lists. */
  public PolicyTestReport {
    errors = List.copyOf(errors);
    results = List.copyOf(results);
  }

  /** How many checks passed. */
  public long passed() {
    return results.stream().filter(TestResult::passed).count();
  }

  /** How many checks failed. */
  public long failed() {
    return results.size() - passed();
  }

  /** True when there were no errors, at least one check, and every check passed. */
  public boolean ok() {
    return errors.isEmpty() && !results.isEmpty() && failed() == 0;
  }
}
