package io.bulwark.cli.audit;

import io.bulwark.audit.file.AuditRetention;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark audit prune}: deletes old chain files of a closed audit directory, keeping the
 * rest verifiable from the signed checkpoint saved as {@code anchor.json}.
 */
@Command(
    name = "prune",
    description = {
      "Delete old chain files of a closed audit directory (retention).",
      "The signed checkpoint ending the last deleted file is kept as anchor.json, and"
          + " `bulwark audit verify` checks the remaining chain from it."
    })
final class AuditPruneCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      required = true,
      description = "The audit directory.")
  Path dir;

  static final class Cutoff {
    @Option(
        names = "--before",
        paramLabel = "TIME",
        converter = AuditQueryCommand.TimeConverter.class,
        description = "Delete files whose last checkpoint is older than this instant or date.")
    Instant before;

    @Option(
        names = "--older-than",
        paramLabel = "DURATION",
        description = "Delete files whose last checkpoint is older than this, e.g. P90D.")
    Duration olderThan;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Cutoff cutoff;

  @Override
  public Integer call() throws IOException {
    Instant limit =
        cutoff.before != null ? cutoff.before : Clock.systemUTC().instant().minus(cutoff.olderThan);
    AuditRetention.Result result = AuditRetention.pruneBefore(dir, limit);
    PrintWriter out = spec.commandLine().getOut();
    if (result.deleted().isEmpty()) {
      out.println("Nothing to prune: no file before " + limit + " (the two newest files stay)");
    } else {
      out.printf(
          "Pruned %d file%s; the chain now starts after seq %d (anchor.json)%n",
          result.deleted().size(), result.deleted().size() == 1 ? "" : "s", result.anchorSeq());
    }
    out.flush();
    return 0;
  }
}
