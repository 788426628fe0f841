package io.bulwark.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PolicyCommandTest {
  private static final Path BAKERY = Path.of("..", "examples", "bakery", "policies");

  @TempDir Path temp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine command = new CommandLine(new PolicyCommand());
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  private Path copyBakery() throws IOException {
    try (Stream<Path> files = Files.list(BAKERY)) {
      for (Path file : files.toList()) {
        Files.copy(file, temp.resolve(file.getFileName()));
      }
    }
    return temp;
  }

  @Test
  void bakerySuitesPassAndExitZero() {
    assertThat(run("test", BAKERY.toString())).isZero();
    assertThat(out.toString().lines())
        .contains("PASS orders/support with MFA is denied after hours read")
        .last()
        .asString()
        .matches("\\d+ passed, 0 failed");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aWrongPolicyFailsTheSuiteAndExitsOne() throws IOException {
    Path dir = copyBakery();
    Path payments = dir.resolve("payments.yaml");
    Files.writeString(
        payments, Files.readString(payments).replace("effect: deny", "effect: allow"));

    assertThat(run("test", dir.toString())).isEqualTo(PolicyCommand.EXIT_FAILED);
    assertThat(out.toString())
        .contains(
            "FAIL payments/end users are denied create: expected DENY, got ALLOW (rule"
                + " 'end-users-never-charge' of resource:charge allows 'create' on charge for role"
                + " 'customer' because its condition holds)")
        .containsPattern("\\d+ passed, [1-9]\\d* failed");
  }

  @Test
  void loadErrorsArePrintedWithPositionsAndExitOne() throws IOException {
    Path dir = copyBakery();
    Files.writeString(
        dir.resolve("catalog.yaml"),
        Files.readString(dir.resolve("catalog.yaml")).replace("effect: allow", "effect: alow"));

    assertThat(run("test", dir.toString())).isEqualTo(PolicyCommand.EXIT_FAILED);
    assertThat(err.toString().lines())
        .containsExactly(
            dir.resolve("catalog.yaml") + ":8:15: effect must be one of: allow, deny",
            dir.resolve("catalog.yaml") + ":12:15: effect must be one of: allow, deny");
  }

  @Test
  void checkPrintsTheDecisionAndExitsZeroWhenAllowed() {
    int status =
        run(
            "check",
            "--dir",
            BAKERY.toString(),
            "--principal",
            "sam",
            "--roles",
            "support",
            "--attr",
            "amr=[pwd, otp]",
            "--resource",
            "order:1001",
            "--resource-attr",
            "owner=alice",
            "--action",
            "read",
            "--time",
            "2025-03-04T10:00:00Z");

    assertThat(status).isZero();
    assertThat(out.toString().lines())
        .containsExactly(
            "ALLOW read order:1001",
            "  policy: resource:order",
            "  rule: support-reads-in-hours-with-mfa",
            "  because: rule 'support-reads-in-hours-with-mfa' of resource:order allows 'read' on"
                + " order for role 'support' because its condition holds");
  }

  @Test
  void checkExitsThreeWhenDenied() {
    int status =
        run(
            "check",
            "--dir",
            BAKERY.toString(),
            "--resource",
            "product:baguette",
            "--action",
            "read,update");

    assertThat(status).isEqualTo(PolicyCommand.EXIT_DENIED);
    assertThat(out.toString())
        .contains("ALLOW read product:baguette")
        .contains("DENY update product:baguette")
        .contains("  rule: -");
  }

  @Test
  void checkExitsOneOnBrokenPolicies() throws IOException {
    Files.writeString(temp.resolve("p.yaml"), "apiVersion: bulwark.io/v1\nresourcePolicy: [\n");

    int status = run("check", "--dir", temp.toString(), "--resource", "x", "--action", "read");

    assertThat(status).isEqualTo(PolicyCommand.EXIT_FAILED);
    assertThat(err.toString()).startsWith(temp.resolve("p.yaml") + ":3:1: YAML syntax error");
  }
}
