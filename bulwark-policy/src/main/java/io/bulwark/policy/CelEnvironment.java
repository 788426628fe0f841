package io.bulwark.policy;

import static io.bulwark.policy.CelTypes.fields;
import static io.bulwark.policy.CelTypes.provider;
import static io.bulwark.policy.CelTypes.struct;

import com.google.common.collect.ImmutableList;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.Map;

/**
 * The CEL declarations conditions are checked against: {@code P}/{@code principal}, {@code
 * R}/{@code resource} and {@code C}/{@code context} as closed structs whose {@code attr} fields
 * have the types declared in the policy's schemas, undeclared attributes being {@code dyn}.
 */
final class CelEnvironment {
  /** Bounds loops in conditions ({@code all}, {@code exists}, ...); attributes are small. */
  static final int MAX_ITERATIONS = 10_000;

  /** Longest condition accepted, in code points. */
  static final int MAX_EXPRESSION = 4_096;

  private static final CelOptions OPTIONS =
      CelOptions.current()
          .comprehensionMaxIterations(MAX_ITERATIONS)
          .maxExpressionCodePointSize(MAX_EXPRESSION)
          .build();

  private static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  private final CelCompiler compiler;

  CelEnvironment(Map<String, CelType> principalAttr, Map<String, CelType> resourceAttr) {
    CelType pAttr = attributes("bulwark.PrincipalAttributes", principalAttr);
    CelType rAttr = attributes("bulwark.ResourceAttributes", resourceAttr);
    StructType principal =
        struct(
            "bulwark.Principal",
            fields(
                "id",
                SimpleType.STRING,
                "roles",
                ListType.create(SimpleType.STRING),
                "attr",
                pAttr,
                "spiffeId",
                SimpleType.STRING));
    StructType resource =
        struct(
            "bulwark.Resource",
            fields("kind", SimpleType.STRING, "id", SimpleType.STRING, "attr", rAttr));
    StructType context =
        struct(
            "bulwark.Context",
            fields(
                "time", SimpleType.TIMESTAMP,
                "sourceIp", SimpleType.STRING,
                "method", SimpleType.STRING,
                "path", SimpleType.STRING,
                "peerSpiffeId", SimpleType.STRING));
    ImmutableList<CelType> types =
        java.util.stream.Stream.of(pAttr, rAttr, principal, resource, context)
            .filter(StructType.class::isInstance)
            .collect(ImmutableList.toImmutableList());
    this.compiler =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setTypeProvider(provider(types))
            .addVar("P", principal)
            .addVar("principal", principal)
            .addVar("R", resource)
            .addVar("resource", resource)
            .addVar("C", context)
            .addVar("context", context)
            .setResultType(SimpleType.BOOL)
            .build();
  }

  /** Parses and type-checks {@code expression}; the result carries the issues on failure. */
  CelValidationResult compile(String expression) {
    return compiler.compile(expression);
  }

  /** Plans a checked expression for evaluation; programs are immutable and thread-safe. */
  static CelRuntime.Program program(CelAbstractSyntaxTree ast) throws CelEvaluationException {
    return RUNTIME.createProgram(ast);
  }

  /**
   * Declared attributes form a closed struct, so a misspelt attribute is a compile error; without a
   * schema attributes are a {@code map(string, dyn)}.
   */
  private static CelType attributes(String name, Map<String, CelType> declared) {
    if (declared.isEmpty()) {
      return MapType.create(SimpleType.STRING, SimpleType.DYN);
    }
    return struct(name, Map.copyOf(declared));
  }
}
