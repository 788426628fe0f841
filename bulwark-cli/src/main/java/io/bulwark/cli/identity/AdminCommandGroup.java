package io.bulwark.cli.identity;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A group of admin commands ({@code bulwark users}, {@code clients}, {@code keys}, {@code roles}):
 * it does nothing by itself, so run without a subcommand it is a usage error (exit 2) naming its
 * subcommands, in the order they are declared.
 */
abstract class AdminCommandGroup implements Runnable {
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Spec CommandSpec spec;

  @Override
  public final void run() {
    List<String> names = new ArrayList<>(spec.subcommands().keySet());
    String last = names.remove(names.size() - 1);
    String choices = names.isEmpty() ? last : String.join(", ", names) + " or " + last;
    throw new ParameterException(spec.commandLine(), "Missing subcommand: " + choices);
  }
}
