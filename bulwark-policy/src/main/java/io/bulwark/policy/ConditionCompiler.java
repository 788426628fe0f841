package io.bulwark.policy;

import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.runtime.CelEvaluationException;
import io.bulwark.core.config.YamlTree.Position;
import java.util.Optional;

/** Compiles a rule's {@code condition} and reports CEL errors at their place in the YAML file. */
final class ConditionCompiler {
  private ConditionCompiler() {}

  /**
   * Compiles the string at {@code parent.condition}; absent gives empty without error, a syntax or
   * type error is reported (and also gives empty).
   */
  static Optional<Condition> compile(
      YamlDoc doc,
      com.fasterxml.jackson.databind.JsonNode parent,
      String path,
      CelEnvironment env) {
    Optional<String> text = doc.string(parent, path, "condition");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String at = YamlDoc.child(path, "condition");
    String expression = text.get();
    CelValidationResult result = env.compile(expression);
    if (result.hasError()) {
      Position start = doc.position(at);
      for (CelIssue issue : result.getErrors()) {
        int line = issue.getSourceLocation().getLine();
        int column = issue.getSourceLocation().getColumn();
        Position where =
            line > 0 ? ScalarPositions.locate(doc, start, expression, line, column) : start;
        doc.errorAt(where.line(), where.column(), "condition: " + issue.getMessage());
      }
      return Optional.empty();
    }
    try {
      return Optional.of(new Condition(expression, CelEnvironment.program(result.getAst())));
    } catch (CelValidationException | CelEvaluationException e) {
      doc.error(at, "condition: " + e.getMessage());
      return Optional.empty();
    }
  }
}
