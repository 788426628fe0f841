package io.bulwark.cli.audit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark audit}: verify, read and search the tamper-evident audit log, and export the
 * public key that verifies it. See {@code docs/audit.md}.
 */
@Command(
    name = "audit",
    description = "Verify, tail and query the tamper-evident audit log.",
    subcommands = {
      AuditVerifyCommand.class,
      AuditTailCommand.class,
      AuditQueryCommand.class,
      AuditKeyCommand.class,
      AuditPruneCommand.class
    })
public final class AuditCommand implements Runnable {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "Missing subcommand: verify, tail, query, key or prune");
  }
}
