package io.bulwark.cli;

import io.bulwark.core.config.ConfigError;
import io.bulwark.core.config.ConfigLoader;
import io.bulwark.core.config.ConfigSchema;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark config}: checks a {@code bulwark.yaml} ({@code validate}) and prints the JSON
 * Schema that editors use for completion ({@code schema}). See {@code docs/configuration.md}.
 */
@Command(
    name = "config",
    description = "Check bulwark.yaml or print its JSON Schema.",
    subcommands = {ConfigCommand.Validate.class, ConfigCommand.Schema.class})
public final class ConfigCommand implements Runnable {
  /** Exit status of a file that is invalid, missing or unreadable. */
  public static final int EXIT_INVALID = 1;

  private final Map<String, String> environment;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Spec CommandSpec spec;

  /** Reads this process's environment when {@code --env} is given. */
  public ConfigCommand() {
    this(System.getenv());
  }

  /** Uses {@code environment} instead of this process's, for {@code --env}. */
  public ConfigCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: validate or schema");
  }

  /** {@code bulwark config validate FILE}: every error with line and column, exit 1 if any. */
  @Command(
      name = "validate",
      description = {
        "Check FILE against the bulwark.yaml schema.",
        "Prints 'FILE: OK' and exits 0, or prints every error as file:line:column: key: message"
            + " to standard error and exits 1."
      })
  static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ParentCommand ConfigCommand parent;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Parameters(paramLabel = "FILE", description = "The configuration file, e.g. bulwark.yaml.")
    Path file;

    @Option(
        names = "--env",
        description = "Also check the BULWARK_* environment variables, as startup would.")
    boolean withEnvironment;

    @Override
    public Integer call() {
      ConfigLoader loader = new ConfigLoader();
      List<ConfigError> errors =
          withEnvironment ? loader.validate(file, parent.environment) : loader.validate(file);
      if (errors.isEmpty()) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(file + ": OK");
        out.flush();
        return 0;
      }
      PrintWriter err = spec.commandLine().getErr();
      errors.forEach(error -> err.println(error.format()));
      err.flush();
      return EXIT_INVALID;
    }
  }

  /** {@code bulwark config schema}: the JSON Schema of bulwark.yaml, for editors and CI. */
  @Command(
      name = "schema",
      description = "Print the JSON Schema of bulwark.yaml (save it for editor completion).")
  static final class Schema implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      out.print(ConfigSchema.get().json());
      out.flush();
      return 0;
    }
  }
}
