package io.bulwark.cli.audit;

import io.bulwark.audit.read.AuditReader;
import io.bulwark.audit.read.Cursor;
import io.bulwark.audit.read.EventFilter;
import io.bulwark.core.audit.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code bulwark audit query}: the events of an audit directory that match filters. */
@Command(
    name = "query",
    description = {
      "Print the events of an audit directory that match every filter given, oldest first.",
      "Human output: time  type  outcome  actor  target  reason. Does not verify; use 'verify'."
    })
final class AuditQueryCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Parameters(paramLabel = "DIR", description = "The audit directory.")
  Path dir;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      description = "Event type, or a prefix ending in '*' (auth.*).")
  String type;

  @Option(
      names = "--actor",
      paramLabel = "NAME",
      description = "Principal, client id, SPIFFE id or source address of the actor.")
  String actor;

  @Option(
      names = "--outcome",
      paramLabel = "OUTCOME",
      converter = OutcomeConverter.class,
      description = "success, failure, denied or error.")
  Outcome outcome;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      converter = TimeConverter.class,
      description = "Earliest time, inclusive: ISO-8601 instant or date (UTC).")
  Instant since;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      converter = TimeConverter.class,
      description = "Latest time, exclusive: ISO-8601 instant or date (UTC).")
  Instant until;

  @Option(names = "--json", description = "Print each event as one line of JSON.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    EventFilter filter = new EventFilter(type, actor, outcome, since, until);
    EventOutput output = new EventOutput(spec.commandLine().getOut(), json);
    new AuditReader(dir)
        .read(
            Cursor.START,
            event -> {
              if (filter.test(event)) {
                output.print(event);
              }
            });
    output.out().flush();
    return 0;
  }

  static final class OutcomeConverter implements ITypeConverter<Outcome> {
    @Override
    public Outcome convert(String value) {
      try {
        return Outcome.fromJson(value.toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("must be one of: success, failure, denied, error");
      }
    }
  }

  static final class TimeConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return value.contains("T")
            ? Instant.parse(value)
            : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "must be an ISO-8601 instant (2026-01-31T09:00:00Z) or date (2026-01-31)");
      }
    }
  }
}
