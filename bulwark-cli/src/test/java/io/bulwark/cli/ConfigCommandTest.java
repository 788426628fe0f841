package io.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.core.config.ConfigSchema;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    CommandLine command = new CommandLine(new ConfigCommand(env));
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("bulwark.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void validFilePrintsOkAndExitsZero() throws IOException {
    Path file = write("admin:\n  port: 9901\nlog:\n  format: json\n");

    assertThat(run(Map.of(), "validate", file.toString())).isZero();
    assertThat(out.toString()).isEqualTo(file + ": OK" + System.lineSeparator());
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void invalidFilePrintsEveryErrorWithLineAndColumnAndExitsOne() throws IOException {
    Path file = write("admin:\n  port: 70000\n  prot: 1\nlog:\n  level: loud\n");

    assertThat(run(Map.of(), "validate", file.toString())).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines())
        .containsExactly(
            file + ":2:9: admin.port: must be between 0 and 65535",
            file + ":3:3: admin.prot: unknown key (did you mean 'port'?); allowed here: host, port",
            file + ":5:10: log.level: must be one of: trace, debug, info, warn, error");
  }

  @Test
  void syntaxErrorIsReportedWithLineAndColumn() throws IOException {
    Path file = write("admin:\n  host: [1, 2\n");

    assertThat(run(Map.of(), "validate", file.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith(file + ":3:1: YAML syntax error: ");
  }

  @Test
  void missingFileExitsOneWithAClearMessage() {
    Path missing = dir.resolve("nope.yaml");

    assertThat(run(Map.of(), "validate", missing.toString())).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo(missing + ": file not found");
  }

  @Test
  void environmentIsCheckedOnlyWhenAsked() throws IOException {
    Path file = write("admin:\n  port: 9901\n");
    Map<String, String> env = Map.of("BULWARK_ADMIN_PORT", "x", "BULWARK_COLOUR", "1");

    assertThat(run(env, "validate", file.toString())).isZero();
    assertThat(run(env, "validate", "--env", file.toString())).isEqualTo(1);
    assertThat(err.toString().lines())
        .containsExactly(
            "environment: BULWARK_COLOUR: unknown Bulwark variable; unset it, or see"
                + " docs/configuration.md for the variables that exist",
            "environment: admin.port: must be an integer (from BULWARK_ADMIN_PORT)");
  }

  @Test
  void missingArgumentOrSubcommandIsAUsageError() {
    assertThat(run(Map.of(), "validate")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required parameter: 'FILE'");
    assertThat(run(Map.of())).isEqualTo(2);
    assertThat(err.toString()).contains("Missing subcommand");
  }

  @Test
  void helpDescribesValidateAndExitsZero() {
    assertThat(run(Map.of(), "validate", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: config validate", "--env", "FILE");
  }

  @Test
  void schemaPrintsTheShippedSchema() {
    assertThat(run(Map.of(), "schema")).isZero();
    assertThat(out.toString()).isEqualTo(ConfigSchema.get().json());
  }
}
