package io.bulwark.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BakeryPoliciesTest {
  private static final Path BAKERY = Path.of("..", "examples", "bakery", "policies");

  @TempDir Path temp;

  private final PolicyTestRunner runner =
      new PolicyTestRunner(Clock.fixed(Instant.parse("2025-03-04T12:00:00Z"), ZoneOffset.UTC));

  @Test
  void bakerySuitesPass() {
    PolicyTestReport report = runner.run(BAKERY);

    assertThat(report.errors()).isEmpty();
    assertThat(report.results()).filteredOn(r -> !r.passed()).isEmpty();
    assertThat(report.results())
        .extracting(TestResult::suite)
        .contains("catalog", "orders", "payments");
    assertThat(report.ok()).isTrue();
  }

  @Test
  void removingTheMfaConditionMakesTheOrdersSuiteFail() throws IOException {
    Path copy = copyBakery();
    Path orders = copy.resolve("orders.yaml");
    Files.writeString(
        orders,
        Files.readString(orders)
            .replace("has(P.attr.amr) && \"otp\" in P.attr.amr\n        && ", ""));

    PolicyTestReport report = runner.run(copy);

    assertThat(report.errors()).isEmpty();
    assertThat(report.ok()).isFalse();
    assertThat(report.results())
        .filteredOn(r -> !r.passed())
        .extracting(TestResult::test, TestResult::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("support without MFA is denied", "read"));
  }

  @Test
  void flippingAnEffectMakesTheCatalogSuiteFail() throws IOException {
    Path copy = copyBakery();
    Path catalog = copy.resolve("catalog.yaml");
    Files.writeString(
        catalog, Files.readString(catalog).replace("roles: [admin]", "roles: [admin, customer]"));

    PolicyTestReport report = runner.run(copy);

    assertThat(report.ok()).isFalse();
    assertThat(report.results())
        .filteredOn(r -> !r.passed())
        .extracting(TestResult::test)
        .containsOnly("customers read but do not write");
  }

  private Path copyBakery() throws IOException {
    try (Stream<Path> files = Files.list(BAKERY)) {
      for (Path file : files.toList()) {
        Files.copy(file, temp.resolve(file.getFileName()));
      }
    }
    return temp;
  }
}
