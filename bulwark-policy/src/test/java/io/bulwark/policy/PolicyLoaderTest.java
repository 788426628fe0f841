package io.bulwark.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
  private static final String HEAD = "apiVersion: bulwark.io/v1\n";

  @TempDir Path dir;

  private String write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file.toString();
  }

  private List<String> errors() {
    PolicyLoadException e =
        catchThrowableOfType(PolicyLoadException.class, () -> PolicyLoader.load(dir));
    assertThat(e).as("load should fail").isNotNull();
    return e.errors().stream().map(PolicyError::format).toList();
  }

  private static String rule(String extra) {
    return HEAD
        + "resourcePolicy:\n"
        + "  resource: order\n"
        + "  rules:\n"
        + "    - name: r\n"
        + "      actions: [read]\n"
        + extra;
  }

  @Test
  void yamlSyntaxErrorHasItsPosition() throws IOException {
    String file = write("bad.yaml", HEAD + "resourcePolicy:\n  resource: [order\n");

    assertThat(errors()).singleElement().asString().startsWith(file + ":4:1: YAML syntax error: ");
  }

  @Test
  void unknownFieldIsReportedAtItsKey() throws IOException {
    String file =
        write("p.yaml", rule("      effect: allow\n      roles: [a]\n      efect: deny\n"));

    assertThat(errors())
        .containsExactly(
            file
                + ":9:7: unknown field 'efect' in resourcePolicy.rules[0]; allowed: actions,"
                + " condition, derivedRoles, effect, name, roles");
  }

  @Test
  void missingFieldIsReportedAtTheEnclosingMapping() throws IOException {
    String file = write("p.yaml", rule("      roles: [a]\n"));

    assertThat(errors())
        .containsExactly(file + ":5:7: missing required field 'effect' in resourcePolicy.rules[0]");
  }

  @Test
  void badEffectIsReportedAtTheValue() throws IOException {
    String file = write("p.yaml", rule("      effect: permit\n      roles: [a]\n"));

    assertThat(errors()).containsExactly(file + ":7:15: effect must be one of: allow, deny");
  }

  @Test
  void ruleWithoutRolesIsRejected() throws IOException {
    String file = write("p.yaml", rule("      effect: allow\n"));

    assertThat(errors()).containsExactly(file + ":5:7: rule 'r' must name roles or derivedRoles");
  }

  @Test
  void celSyntaxErrorPointsIntoTheCondition() throws IOException {
    String file =
        write("p.yaml", rule("      effect: allow\n      roles: [a]\n      condition: P.id ==\n"));

    assertThat(errors())
        .singleElement()
        .asString()
        .startsWith(file + ":9:25: condition: mismatched input '<EOF>'");
  }

  @Test
  void celTypeErrorAgainstTheSchemaPointsAtTheOperator() throws IOException {
    String file =
        write(
            "p.yaml",
            HEAD
                + "resourcePolicy:\n"
                + "  resource: order\n"
                + "  schemas:\n"
                + "    resource: {owner: string}\n"
                + "  rules:\n"
                + "    - actions: [read]\n"
                + "      effect: allow\n"
                + "      roles: [a]\n"
                + "      condition: 'R.attr.owner == 42'\n");

    assertThat(errors())
        .containsExactly(
            file
                + ":10:32: condition: found no matching overload for '_==_' applied to '(string,"
                + " int)' (candidates: (%A0, %A0))");
  }

  @Test
  void celErrorInABlockScalarPointsAtTheRightLine() throws IOException {
    String file =
        write(
            "p.yaml",
            rule(
                "      effect: allow\n"
                    + "      roles: [a]\n"
                    + "      condition: |\n"
                    + "        P.id == 'a' &&\n"
                    + "          P.rolez == 1\n"));

    assertThat(errors()).containsExactly(file + ":11:12: condition: undefined field 'rolez'");
  }

  @Test
  void undeclaredAttributeIsATypeErrorOnceASchemaIsDeclared() throws IOException {
    String file =
        write(
            "p.yaml",
            HEAD
                + "resourcePolicy:\n"
                + "  resource: order\n"
                + "  schemas:\n"
                + "    resource: {owner: string}\n"
                + "  rules:\n"
                + "    - actions: [read]\n"
                + "      effect: allow\n"
                + "      roles: [a]\n"
                + "      condition: R.attr.ownr == P.attr.anything\n");

    assertThat(errors()).containsExactly(file + ":10:24: condition: undefined field 'ownr'");
  }

  @Test
  void unknownSchemaTypeIsRejected() throws IOException {
    String file =
        write(
            "p.yaml",
            HEAD
                + "resourcePolicy:\n"
                + "  resource: order\n"
                + "  schemas:\n"
                + "    principal: {amr: list(strng)}\n"
                + "  rules:\n"
                + "    - actions: [read]\n"
                + "      effect: allow\n"
                + "      roles: [a]\n");

    assertThat(errors())
        .containsExactly(
            file
                + ":5:22: unknown type for attribute 'amr'; use string, int, double, bool,"
                + " timestamp, duration, dyn, list(T), map(string, T)");
  }

  @Test
  void unknownDerivedRoleImportIsReportedAtTheImport() throws IOException {
    String file =
        write(
            "p.yaml",
            HEAD
                + "resourcePolicy:\n"
                + "  resource: order\n"
                + "  importDerivedRoles: [shop_roles]\n"
                + "  rules:\n"
                + "    - actions: [read]\n"
                + "      effect: allow\n"
                + "      derivedRoles: [owner]\n");

    assertThat(errors())
        .containsExactly(
            file + ":4:24: unknown derived roles 'shop_roles'; defined: none",
            file + ":8:22: unknown derived role 'owner'; imported: none");
  }

  @Test
  void duplicatePolicyForAResourceIsReportedAtTheSecond() throws IOException {
    String policy = rule("      effect: allow\n      roles: [a]\n");
    String first = write("a.yaml", policy);
    String second = write("b.yaml", policy);

    assertThat(errors())
        .containsExactly(
            second
                + ":3:13: duplicate policy resource:order (first defined at "
                + first
                + ":3:13)");
  }

  @Test
  void wrongApiVersionAndTwoKindsAreRejected() throws IOException {
    String file =
        write(
            "p.yaml",
            "apiVersion: v2\nresourcePolicy: {resource: a, rules: []}\nprincipalPolicy: {}\n");

    assertThat(errors())
        .containsExactly(
            file + ":1:13: apiVersion must be 'bulwark.io/v1'",
            file
                + ":3:1: only one of resourcePolicy, derivedRoles, principalPolicy, routeMap per file; found"
                + " [resourcePolicy, principalPolicy]");
  }

  @Test
  void everyErrorOfEveryFileIsCollected() throws IOException {
    write("a.yaml", rule("      effect: maybe\n      roles: [a]\n"));
    write("b.yaml", HEAD + "derivedRoles:\n  name: x\n  definitions: []\n");
    write("c_test.yaml", "not: a policy\n");

    assertThat(errors()).hasSize(2);
  }

  @Test
  void missingDirectoryIsAnError() {
    dir = dir.resolve("nope");

    assertThat(errors()).containsExactly(dir + ": not a directory");
  }

  @Test
  void testFilesAndHiddenFilesAreNotPolicies() throws IOException, PolicyLoadException {
    write("orders_test.yaml", "apiVersion: bulwark.io/v1\ntestSuite: {}\n");
    Files.createDirectory(dir.resolve(".git"));
    write(".git/config.yaml", "junk: [");

    assertThat(PolicyLoader.load(dir).resourceKinds()).isEmpty();
  }
}
