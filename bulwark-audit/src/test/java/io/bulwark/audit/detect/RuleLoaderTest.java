package io.bulwark.audit.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.audit.alert.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleLoaderTest {

  @Test
  void parsesAThresholdRuleWithEveryField() throws Exception {
    Rule rule =
        RuleLoader.parse(
                "r.yaml",
                """
                rules:
                  - id: many-secret-reads
                    title: Many secret reads
                    description: One principal reads many secrets.
                    severity: critical
                    match: event.type == "secret.read"
                    groupBy: [event.actor.principal]
                    distinct: event.target
                    window: 2m
                    threshold: 5
                """)
            .getFirst();
    assertThat(rule.id()).isEqualTo("many-secret-reads");
    assertThat(rule.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(rule.kind()).isEqualTo(Rule.Kind.THRESHOLD);
    assertThat(rule.window()).isEqualTo(Duration.ofMinutes(2));
    assertThat(rule.threshold()).isEqualTo(5);
    assertThat(rule.distinct()).isPresent();
    assertThat(rule.groupBy())
        .extracting(Expression::source)
        .containsExactly("event.actor.principal");
  }

  @Test
  void reportsEveryProblemWithFileLineAndColumn() {
    assertThatThrownBy(() ->
            RuleLoader.parse(
                "bad.yaml",
                """
                rules:
                  - id: Bad_Id
                    match: event.typo == "x"
                    window: 5 minutes
                    threshold: 0
                    colour: red
                  - id: seq
                    kind: sequence
                    first: event.type == "a"
                """))
        .isInstanceOf(RuleLoadException.class)
        .satisfies(e ->
            assertThat(((RuleLoadException) e).problems())
                .anySatisfy(p -> assertThat(p).startsWith("bad.yaml:2:").contains("rules[0].id"))
                .anySatisfy(
                    p -> assertThat(p).startsWith("bad.yaml:3:").contains("CEL").contains("typo"))
                .anySatisfy(p -> assertThat(p).startsWith("bad.yaml:4:").contains("duration"))
                .anySatisfy(p -> assertThat(p).startsWith("bad.yaml:5:").contains("threshold"))
                .anySatisfy(p -> assertThat(p).startsWith("bad.yaml:6:").contains("unknown key"))
                .anySatisfy(p -> assertThat(p).contains("rules[1]").contains("missing 'then'"))
                .anySatisfy(p -> assertThat(p).contains("rules[1]").contains("groupBy")));
  }

  @Test
  void refusesAConditionThatIsNotBoolean() {
    assertThatThrownBy(
            () -> RuleLoader.parse("r.yaml", "rules:\n  - id: x\n    match: event.type\n"))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageContaining("r.yaml:3:");
  }

  @Test
  void refusesAWindowLongerThanSevenDaysAndAThresholdWithoutWindow() {
    assertThatThrownBy(() ->
            RuleLoader.parse(
                "r.yaml",
                "rules:\n  - id: x\n    match: 'true'\n    window: 8d\n    threshold: 2\n"
                    + "  - id: y\n    match: 'true'\n    threshold: 2\n"))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageContaining("at most 7d")
        .hasMessageContaining("missing 'window'");
  }

  @Test
  void aDirectoryRuleReplacesOrDisablesAShippedOneAndAddsNewOnes(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("10-local.yaml"),
        """
        rules:
          - id: brute-force-account
            match: event.type == "auth.login.failed"
            groupBy: [event.target]
            window: 1m
            threshold: 3
          - id: policy-changed
            enabled: false
          - id: secret-read-denied
            match: event.type == "secret.read" && event.outcome == "denied"
        """);
    Files.writeString(dir.resolve("README.txt"), "not a rule file");
    var rules = RuleLoader.load(dir);
    assertThat(rules)
        .extracting(Rule::id)
        .doesNotContain("policy-changed")
        .contains("secret-read-denied");
    assertThat(rules)
        .filteredOn(r -> r.id().equals("brute-force-account"))
        .singleElement()
        .satisfies(r -> assertThat(r.threshold()).isEqualTo(3));
  }

  @Test
  void oneBadFileInTheDirectoryLoadsNothing(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "rules:\n  - id: ok\n    match: 'true'\n");
    Files.writeString(dir.resolve("b.yaml"), "rules:\n  - id: ok2\n    match: 'true' &&\n");
    assertThatThrownBy(() -> RuleLoader.load(dir))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageContaining("b.yaml:3:");
  }

  @Test
  void aMissingRulesDirectoryIsAnError(@TempDir Path dir) {
    assertThatThrownBy(() -> RuleLoader.load(dir.resolve("nope")))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void refusesDuplicateKeysAndIds() {
    assertThatThrownBy(() ->
            RuleLoader.parse(
                "r.yaml", "rules:\n  - id: x\n    match: 'true'\n  - id: x\n    match: 'false'\n"))
        .hasMessageContaining("duplicate rule id 'x'");
    assertThatThrownBy(
            () -> RuleLoader.parse("r.yaml", "rules:\n  - id: x\n    id: y\n    match: 'true'\n"))
        .isInstanceOf(RuleLoadException.class);
  }
}
