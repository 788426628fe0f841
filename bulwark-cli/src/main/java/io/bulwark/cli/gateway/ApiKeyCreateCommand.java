package io.bulwark.cli.gateway;

import io.bulwark.gateway.auth.ApiKeyFile;
import io.bulwark.gateway.auth.ApiKeyRecord;
import io.bulwark.gateway.auth.ApiKeys;
import io.bulwark.gateway.ratelimit.RateLimitPolicy;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bulwark gateway apikey create}: generates a key (256 random bits), prints it once on
 * standard output, and appends only its SHA-256 with the owner, scopes, optional rate limit and
 * expiry to the key file, which running gateways reload. The key is never written anywhere else.
 */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = "Create an API key: print it once, store only its hash in the key file.")
public final class ApiKeyCreateCommand implements Callable<Integer> {
  private static final Pattern RATE = Pattern.compile("([1-9][0-9]{0,8})/([smhd])");

  @Spec CommandSpec spec;

  @Option(
      names = {"--id", "--owner"},
      required = true,
      description = "Who the key acts for: the principal (subject) of its requests.")
  String owner;

  @Option(names = "--scopes", split = ",", description = "Scopes the key grants, comma-separated.")
  List<String> scopes = List.of();

  @Option(
      names = "--rate",
      description = "The key's own rate limit, requests per s, m, h or d (e.g. 100/m).")
  String rate;

  @Option(
      names = "--expires",
      description = "When the key stops working: an ISO-8601 instant or a duration such as P90D.")
  String expires;

  @Option(
      names = "--file",
      required = true,
      description = "The key file (gateway.auth.apiKeyFile).")
  Path file;

  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() throws Exception {
    Instant now = clock.instant();
    RateLimitPolicy limit;
    Instant expiresAt;
    try {
      expiresAt = expiry(now);
      if (owner.isBlank()) {
        throw new IllegalArgumentException("--id must not be blank");
      }
      ApiKeys.Generated key = ApiKeys.generate(new SecureRandom());
      limit = rate == null ? null : rateLimit(key.id());
      ApiKeyRecord record =
          new ApiKeyRecord(
              key.id(),
              key.sha256(),
              owner,
              new LinkedHashSet<>(scopes),
              limit == null ? null : limit.name(),
              expiresAt);
      ApiKeyFile.append(file, new ApiKeyFile.Entry(record, limit), now);
      spec.commandLine().getOut().println(key.plaintext());
      spec.commandLine().getOut().flush();
      spec.commandLine()
          .getErr()
          .println(
              "bulwark: key "
                  + key.id()
                  + " for "
                  + owner
                  + " added to "
                  + file
                  + "; it is shown only this once");
      return 0;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("bulwark: " + e.getMessage());
      return 2;
    } catch (ApiKeyFile.InvalidApiKeyFileException e) {
      spec.commandLine().getErr().println("bulwark: the key file is invalid, nothing added:");
      e.errors().forEach(error -> spec.commandLine().getErr().println("  " + error));
      return 1;
    }
  }

  private RateLimitPolicy rateLimit(String keyId) {
    Matcher m = RATE.matcher(rate);
    if (!m.matches()) {
      throw new IllegalArgumentException("--rate must look like 100/m (per s, m, h or d)");
    }
    Duration period =
        switch (m.group(2)) {
          case "s" -> Duration.ofSeconds(1);
          case "m" -> Duration.ofMinutes(1);
          case "h" -> Duration.ofHours(1);
          default -> Duration.ofDays(1);
        };
    return RateLimitPolicy.perPeriod(
        ApiKeyFile.POLICY_PREFIX + keyId, Long.parseLong(m.group(1)), period);
  }

  private Instant expiry(Instant now) {
    if (expires == null) {
      return null;
    }
    try {
      Instant at =
          expires.startsWith("P") ? now.plus(Duration.parse(expires)) : Instant.parse(expires);
      if (!at.isAfter(now)) {
        throw new IllegalArgumentException("--expires must be in the future");
      }
      return at;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--expires must be an ISO-8601 instant or duration");
    }
  }
}
