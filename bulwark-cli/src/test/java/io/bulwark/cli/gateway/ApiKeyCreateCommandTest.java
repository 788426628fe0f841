package io.bulwark.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.cli.BulwarkCommand;
import io.bulwark.gateway.auth.ApiKeyAuthenticator;
import io.bulwark.gateway.auth.ApiKeyFile;
import io.bulwark.gateway.auth.ApiKeys;
import io.bulwark.gateway.auth.AuthResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ApiKeyCreateCommandTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new BulwarkCommand())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void printsTheKeyOnceAndStoresOnlyItsHashWithScopesRateAndExpiry() throws Exception {
    Path file = dir.resolve("keys.jsonl");
    Run created =
        run(
            "gateway",
            "apikey",
            "create",
            "--id",
            "ci-robot",
            "--scopes",
            "orders:read,orders:write",
            "--rate",
            "100/m",
            "--expires",
            "P30D",
            "--file",
            file.toString());
    assertThat(created.code()).isZero();
    String key = created.out().strip();
    assertThat(key).matches("bwk_[a-z2-7]{16}_[A-Za-z0-9_-]{43}");
    assertThat(created.err()).doesNotContain(key);

    String stored = Files.readString(file);
    assertThat(stored).doesNotContain(key).contains(ApiKeys.hash(key));
    List<ApiKeyFile.Entry> entries = ApiKeyFile.read(file);
    assertThat(entries).hasSize(1);
    ApiKeyFile.Entry entry = entries.get(0);
    assertThat(entry.record().owner()).isEqualTo("ci-robot");
    assertThat(entry.record().scopes()).containsExactlyInAnyOrder("orders:read", "orders:write");
    assertThat(entry.rateLimit().capacity()).isEqualTo(100);
    assertThat(entry.rateLimit().refillPeriod()).isEqualTo(Duration.ofMinutes(1));
    assertThat(entry.record().expiresAt()).isAfter(Instant.now().plus(Duration.ofDays(29)));

    ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(List.of(), Clock.systemUTC());
    authenticator.replaceKeys(
        List.of(entry.record()), Map.of(entry.record().id(), entry.rateLimit()));
    assertThat(authenticator.authenticate(key)).isInstanceOf(AuthResult.Authenticated.class);

    Run second = run("gateway", "apikey", "create", "--id", "batch", "--file", file.toString());
    assertThat(second.code()).isZero();
    assertThat(ApiKeyFile.read(file)).hasSize(2);
  }

  @Test
  void refusesABadRateAndLeavesTheFileAlone() throws Exception {
    Path file = dir.resolve("keys.jsonl");
    assertThat(run("gateway", "apikey", "create", "--id", "a", "--file", file.toString()).code())
        .isZero();
    String before = Files.readString(file);
    Run bad =
        run(
            "gateway",
            "apikey",
            "create",
            "--id",
            "b",
            "--rate",
            "lots",
            "--file",
            file.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.err()).contains("--rate");
    assertThat(Files.readString(file)).isEqualTo(before);
  }
}
