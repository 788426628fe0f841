package io.bulwark.audit.detect;

import static io.bulwark.policy.CelTypes.fields;
import static io.bulwark.policy.CelTypes.provider;
import static io.bulwark.policy.CelTypes.struct;

import com.google.common.collect.ImmutableList;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * The CEL environment rule expressions are compiled in: {@code event} is a closed struct with the
 * audit event schema's fields (so a misspelt field is a compile error), {@code event.time} a
 * timestamp, {@code event.details} a {@code map(string, string)}, and {@code settings} a {@code
 * map(string, dyn)} of deployment settings such as business hours.
 */
final class EventCel {
  /** Bounds loops ({@code all}, {@code exists}, ...) in one expression. */
  static final int MAX_ITERATIONS = 1_000;

  /** Longest expression accepted, in code points. */
  static final int MAX_EXPRESSION = 2_048;

  private static final CelOptions OPTIONS =
      CelOptions.current()
          .comprehensionMaxIterations(MAX_ITERATIONS)
          .maxExpressionCodePointSize(MAX_EXPRESSION)
          .build();

  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  private static final StructType ACTOR =
      struct(
          "bulwark.audit.Actor",
          fields(
              "principal", SimpleType.STRING,
              "clientId", SimpleType.STRING,
              "sourceIp", SimpleType.STRING,
              "spiffeId", SimpleType.STRING));

  private static final StructType EVENT =
      struct(
          "bulwark.audit.Event",
          fields(
              "id", SimpleType.STRING,
              "time", SimpleType.TIMESTAMP,
              "type", SimpleType.STRING,
              "actor", ACTOR,
              "target", SimpleType.STRING,
              "action", SimpleType.STRING,
              "outcome", SimpleType.STRING,
              "reason", SimpleType.STRING,
              "details", MapType.create(SimpleType.STRING, SimpleType.STRING),
              "traceId", SimpleType.STRING));

  private static final CelCompiler BOOL = compiler(SimpleType.BOOL);
  private static final CelCompiler ANY = compiler(SimpleType.DYN);

  private EventCel() {}

  private static CelCompiler compiler(CelType result) {
    ImmutableList<CelType> types = ImmutableList.of(ACTOR, EVENT);
    return CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(OPTIONS)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .setTypeProvider(provider(types))
        .addVar("event", EVENT)
        .addVar("settings", MapType.create(SimpleType.STRING, SimpleType.DYN))
        .setResultType(result)
        .build();
  }

  /**
   * Compiles a condition, which must be boolean.
   *
   * @throws IllegalArgumentException with CEL's message when it does not parse or type-check
   */
  static CelRuntime.Program condition(String expression) {
    return program(BOOL, expression);
  }

  /**
   * Compiles a key expression (group-by or distinct); its value is turned into a string.
   *
   * @throws IllegalArgumentException with CEL's message when it does not parse or type-check
   */
  static CelRuntime.Program key(String expression) {
    return program(ANY, expression);
  }

  private static CelRuntime.Program program(CelCompiler compiler, String expression) {
    CelValidationResult result = compiler.compile(expression);
    if (result.hasError()) {
      throw new IllegalArgumentException(result.getErrorString());
    }
    try {
      CelAbstractSyntaxTree ast = result.getAst();
      return RUNTIME.createProgram(ast);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
