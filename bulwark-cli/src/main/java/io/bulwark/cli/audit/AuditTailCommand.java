package io.bulwark.cli.audit;

import io.bulwark.audit.read.AuditReader;
import io.bulwark.audit.read.Cursor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bulwark audit tail}: the last events of an audit directory, optionally following it. */
@Command(
    name = "tail",
    description = {
      "Print the last events of an audit directory, oldest first.",
      "Human output: time  type  outcome  actor  target  reason. Does not verify; use 'verify'."
    })
final class AuditTailCommand implements Callable<Integer> {

  private static final long FOLLOW_POLL_MILLIS = 500;

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = {"-n", "--lines"},
      paramLabel = "N",
      defaultValue = "10",
      description = "How many events to print (default ${DEFAULT-VALUE}).")
  int count;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new events as they are written (Ctrl-C to stop).")
  boolean follow;

  @Option(names = "--json", description = "Print each event as one line of JSON.")
  boolean json;

  @Parameters(paramLabel = "DIR", description = "The audit directory.")
  Path dir;

  @Override
  public Integer call() throws IOException {
    if (count < 0 || count > 100_000) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "-n must be between 0 and 100000");
    }
    EventOutput output = new EventOutput(spec.commandLine().getOut(), json);
    AuditReader reader = new AuditReader(dir);
    AuditReader.Tail tail = reader.tail(count);
    tail.events().forEach(output::print);
    output.out().flush();
    Cursor cursor = tail.end();
    try {
      while (follow) {
        Thread.sleep(FOLLOW_POLL_MILLIS);
        cursor = reader.read(cursor, output::print);
        output.out().flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
