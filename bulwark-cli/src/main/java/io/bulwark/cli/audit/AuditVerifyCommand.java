package io.bulwark.cli.audit;

import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.postgres.PostgresAuditVerifier;
import io.bulwark.audit.postgres.PostgresSinkConfig;
import io.bulwark.audit.verify.AuditVerifier;
import io.bulwark.audit.verify.VerificationResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark audit verify}: checks hashes, links and checkpoint signatures; prints a summary
 * and exits 0, or prints the first bad record and exits 1.
 */
@Command(
    name = "verify",
    description = {
      "Check the audit log's hash chain and checkpoint signatures.",
      "Prints 'OK: ...' and exits 0, or prints the first bad record as"
          + " 'FAILED: file:line: seq N (id X): problem' and exits 1."
    })
final class AuditVerifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  static final class Source {
    @Option(names = "--dir", paramLabel = "DIR", description = "An audit directory.")
    Path dir;

    @Option(
        names = "--postgres",
        paramLabel = "JDBC-URL",
        description =
            "The PostgreSQL copy (table audit_records), e.g. jdbc:postgresql://db:5432/bulwark;"
                + " the password comes from PGPASSWORD.")
    String postgres;

    @Parameters(
        paramLabel = "FILE",
        arity = "1..*",
        description = "Chain files, in order, starting with the first record.")
    List<Path> files;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--public-key",
      paramLabel = "PEM",
      required = true,
      description = "Ed25519 public key (PEM) that signs checkpoints; repeat for rotated keys.")
  List<Path> publicKeys;

  @Option(
      names = "--postgres-user",
      paramLabel = "USER",
      description = "Database user for --postgres (default: the current OS user).")
  String postgresUser;

  @Option(
      names = "--strict",
      description =
          "Also fail on records after the last checkpoint and on a missing head.json (use on"
              + " closed logs).")
  boolean strict;

  @Override
  public Integer call() throws IOException {
    List<PublicKey> keys = new ArrayList<>();
    for (Path file : publicKeys) {
      keys.add(AuditKeys.readPublicKey(file));
    }
    AuditVerifier verifier = new AuditVerifier(keys, strict);
    VerificationResult result;
    if (source.postgres != null) {
      PostgresSinkConfig config =
          PostgresSinkConfig.of(
              source.postgres,
              postgresUser != null ? postgresUser : System.getProperty("user.name"),
              System.getenv("PGPASSWORD"));
      try {
        result = PostgresAuditVerifier.verify(config, verifier);
      } catch (SQLException e) {
        spec.commandLine()
            .getErr()
            .println("bulwark: cannot read audit_records: " + e.getMessage());
        return 2;
      }
    } else {
      result =
          source.dir != null
              ? verifier.verifyDirectory(source.dir)
              : verifier.verifyFiles(source.files);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (result.ok()) {
      out.printf(
          "OK: %s (%s, %s) in %s; signed through seq %d%n",
          count(result.records(), "record"),
          count(result.events(), "event"),
          count(result.checkpoints(), "checkpoint"),
          count(result.files(), "file"),
          result.signedThrough());
    } else {
      out.println("FAILED: " + result.failure().format());
      out.printf(
          "%s verified before it (signed through seq %d)%n",
          count(result.records(), "record"), result.signedThrough());
    }
    result.warnings().forEach(warning -> out.println("warning: " + warning));
    out.flush();
    return result.ok() ? 0 : 1;
  }

  private static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
