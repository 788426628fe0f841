package io.bulwark.cli;

import io.bulwark.core.config.ConfigSchema;
import java.util.Set;
import picocli.CommandLine;

/** Entry point of the {@code bulwark} command; exit codes: 0 ok, 1 error, 2 usage or busy port. */
public final class Main {
  private static final Set<String> LOADS_CONFIG = Set.of("up", "serve", "config");

  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && LOADS_CONFIG.contains(args[0])) {
      // Compiling the bulwark.yaml schema takes a few hundred milliseconds of a cold JVM; do it on
      // the other core while the command line is parsed and logging set up.
      Thread.ofPlatform().name("bulwark-config-schema").daemon().start(ConfigSchema::get);
    }
    System.exit(run(args));
  }

  /** Runs the command line without exiting the JVM; returns the exit code. */
  public static int run(String... args) {
    return new CommandLine(new BulwarkCommand())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(Main::reportFailure)
        .execute(args);
  }

  /**
   * Prints one line per failure instead of a stack trace: messages in Bulwark never carry secrets,
   * and the full trace is in the log at debug level.
   */
  private static int reportFailure(
      Exception failure, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    commandLine.getErr().println("bulwark: " + describe(failure));
    org.slf4j.LoggerFactory.getLogger(Main.class).debug("command failed", failure);
    return 1;
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
  }
}
