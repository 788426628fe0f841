package io.bulwark.policy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the {@code *_test.yaml} suites of a directory tree against the policies of the same tree and
 * reports every check; used by {@code bulwark policy test} and by CI.
 */
public final class PolicyTestRunner {
  private final Clock clock;

  /** Tests that fix no {@code context.time} are decided at {@code clock}'s current instant. */
  public PolicyTestRunner(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Loads the policies and suites under {@code dir} and runs every test. */
  public PolicyTestReport run(Path dir) {
    List<PolicyError> errors = new ArrayList<>();
    PolicySet policies = PolicyLoader.load(dir, errors);
    List<TestCase> cases = new ArrayList<>();
    List<Path> suites = PolicyFiles.list(dir, true, errors);
    if (suites.isEmpty() && errors.isEmpty()) {
      errors.add(
          new PolicyError(dir.toString(), 0, 0, "no test suites (*_test.yaml) in this directory"));
    }
    for (Path file : suites) {
      PolicyFiles.read(file, errors)
          .ifPresent(doc -> cases.addAll(TestSuiteParser.parse(doc, clock.instant())));
    }
    List<TestResult> results = new ArrayList<>();
    if (errors.isEmpty()) {
      for (TestCase test : cases) {
        Map<String, Decision> decisions =
            policies.decideAll(
                test.principal(), test.resource(), test.expected().keySet(), test.context());
        test.expected()
            .forEach((action, effect) ->
                results.add(
                    new TestResult(
                        test.suite(), test.name(), action, effect, decisions.get(action))));
      }
    }
    return new PolicyTestReport(PolicyFiles.sorted(errors), results);
  }
}
