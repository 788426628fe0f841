package io.bulwark.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyTestRunnerTest {
  @TempDir Path dir;

  private final PolicyTestRunner runner =
      new PolicyTestRunner(Clock.fixed(Instant.parse("2025-03-04T12:00:00Z"), ZoneOffset.UTC));

  @BeforeEach
  void policy() throws IOException {
    Files.writeString(
        dir.resolve("doc.yaml"),
        """
        apiVersion: bulwark.io/v1
        resourcePolicy:
          resource: doc
          rules:
            - name: readers-read
              actions: [read]
              effect: allow
              roles: [reader]
              condition: C.time.getHours() < 13
        """);
  }

  private Path suite(String text) throws IOException {
    Path file = dir.resolve("doc_test.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void reportsEachActionAndUsesTheClockWhenNoTimeIsFixed() throws IOException {
    suite(
        """
        apiVersion: bulwark.io/v1
        testSuite:
          name: docs
          principals:
            bob: {roles: [reader]}
          resources:
            d: {kind: doc}
          tests:
            - name: bob reads at noon
              principal: bob
              resource: d
              actions: {read: ALLOW, write: DENY}
            - name: bob reads late
              principal: bob
              resource: d
              context: {time: "2025-03-04T15:00:00Z"}
              actions: {read: allow}
        """);

    PolicyTestReport report = runner.run(dir);

    assertThat(report.errors()).isEmpty();
    assertThat(report.results())
        .extracting(r -> r.test() + " " + r.action() + " " + r.passed())
        .containsExactly(
            "bob reads at noon read true",
            "bob reads at noon write true",
            "bob reads late read false");
    assertThat(report.passed()).isEqualTo(2);
    assertThat(report.failed()).isEqualTo(1);
    assertThat(report.ok()).isFalse();
  }

  @Test
  void suiteErrorsHavePositions() throws IOException {
    Path file =
        suite(
            """
            apiVersion: bulwark.io/v1
            testSuite:
              name: docs
              principals:
                bob: {roles: [reader], role: x}
              resources:
                d: {kind: doc}
              tests:
                - name: t
                  principal: carol
                  resource: d
                  actions: {read: PERMIT}
            """);

    PolicyTestReport report = runner.run(dir);

    assertThat(report.results()).isEmpty();
    assertThat(report.errors())
        .extracting(PolicyError::format)
        .containsExactly(
            file
                + ":5:28: unknown field 'role' in testSuite.principals.bob; allowed: attr, id,"
                + " roles, spiffeId",
            file + ":10:18: unknown principal 'carol'; define it under principals",
            file + ":12:23: expected effect must be ALLOW or DENY");
  }

  @Test
  void aDirectoryWithoutSuitesIsAnError() {
    PolicyTestReport report = runner.run(dir);

    assertThat(report.ok()).isFalse();
    assertThat(report.errors())
        .extracting(PolicyError::message)
        .containsExactly("no test suites (*_test.yaml) in this directory");
  }
}
