package io.bulwark.cli.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.cli.dev.IdentityClient;
import io.bulwark.core.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * One admin command: connects to the admin API, runs, and turns every failure (a problem from the
 * server, an unreachable server, a missing token) into one line on standard error and exit code 1.
 * Usage errors exit 2, as picocli reports them.
 */
abstract class AdminSubcommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin AdminOptions options;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Override
  public final Integer call() {
    try {
      run(options.connect(), out());
      out().flush();
      return 0;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    } catch (AdminClient.AdminException
        | IdentityClient.TokenRequestException
        | IllegalStateException e) {
      return fail(e.getMessage());
    } catch (IOException e) {
      return fail(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (UncheckedIOException e) {
      return fail(e.getMessage());
    }
  }

  private int fail(String message) {
    out().flush();
    spec.commandLine().getErr().println("bulwark: " + message);
    spec.commandLine().getErr().flush();
    return 1;
  }

  /** Does the command's work against {@code admin}, printing to {@code out}. */
  abstract void run(AdminClient admin, PrintWriter out) throws IOException;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Prints {@code node} as indented JSON, for scripts. */
  static void printJson(PrintWriter out, JsonNode node) {
    try {
      out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print JSON", e);
    }
  }
}
