package io.bulwark.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads every policy file ({@code *.yaml}, {@code *.yml}, except {@code *_test.yaml} suites) of a
 * directory tree and compiles it into a {@link PolicySet}, or reports every error at once.
 */
public final class PolicyLoader {
  private PolicyLoader() {}

  /**
   * Loads and compiles the policies under {@code dir}.
   *
   * @throws PolicyLoadException with every YAML, schema and CEL error, each as {@code
   *     file:line:col: message}
   */
  public static PolicySet load(Path dir) throws PolicyLoadException {
    List<PolicyError> errors = new ArrayList<>();
    PolicySet set = load(dir, errors);
    if (!errors.isEmpty()) {
      throw new PolicyLoadException(PolicyFiles.sorted(errors));
    }
    return set;
  }

  static PolicySet load(Path dir, List<PolicyError> errors) {
    List<YamlDoc> docs = new ArrayList<>();
    for (Path file : PolicyFiles.list(dir, false, errors)) {
      PolicyFiles.read(file, errors).ifPresent(docs::add);
    }
    return PolicyCompiler.compile(docs);
  }
}
