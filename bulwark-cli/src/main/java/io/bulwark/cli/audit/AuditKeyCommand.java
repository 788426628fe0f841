package io.bulwark.cli.audit;

import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.chain.AuditSigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark audit key}: creates the checkpoint signing key ({@code init}) and prints its
 * public key for verifiers ({@code export}).
 */
@Command(
    name = "key",
    description = "Create the audit signing key or export its public key.",
    subcommands = {AuditKeyCommand.Init.class, AuditKeyCommand.Export.class})
final class AuditKeyCommand implements Runnable {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "Missing subcommand: init or export");
  }

  /** {@code bulwark audit key init --key FILE}. */
  @Command(
      name = "init",
      description =
          "Create the Ed25519 signing key (PKCS#8 PEM, mode 0600) and FILE.pub.pem beside it,"
              + " unless it exists.")
  static final class Init implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--key", paramLabel = "FILE", required = true, description = "Private key.")
    Path key;

    @Override
    public Integer call() throws IOException {
      AuditSigningKey signingKey = AuditKeys.loadOrCreate(key);
      PrintWriter out = spec.commandLine().getOut();
      out.println(signingKey.keyId() + " " + AuditKeys.publicKeyFile(key));
      out.flush();
      return 0;
    }
  }

  /** {@code bulwark audit key export --key FILE}. */
  @Command(
      name = "export",
      description = "Print the public key (PEM) of the signing key, for 'audit verify'.")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--key", paramLabel = "FILE", required = true, description = "Private key.")
    Path key;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      out.print(AuditKeys.publicKeyPem(AuditKeys.load(key).publicKey()));
      out.flush();
      return 0;
    }
  }
}
