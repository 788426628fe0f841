package io.bulwark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.bulwark.gateway.auth.ApiKeyFile;
import io.bulwark.gateway.auth.ApiKeyRecord;
import io.bulwark.gateway.auth.ApiKeys;
import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.ListenerConfig;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.config.Timeouts;
import io.bulwark.gateway.ratelimit.ClusterRateLimitSettings;
import io.bulwark.gateway.ratelimit.RateLimitPolicy;
import io.bulwark.gateway.reload.ApiKeyFileReloader;
import io.bulwark.gateway.reload.ReloadEvents;
import io.bulwark.gateway.security.GatewaySecurity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** API keys from gateway.auth.apiKeyFile: per-key limits, expiry, reload, hashes only. */
@Timeout(60)
class ApiKeyFileGatewayTest {
  @TempDir Path dir;

  private static ApiKeys.Generated add(Path file, String owner, RateLimitPolicy limit, Instant exp)
      throws Exception {
    ApiKeys.Generated key = ApiKeys.generate(new SecureRandom());
    RateLimitPolicy named =
        limit == null
            ? null
            : new RateLimitPolicy(
                ApiKeyFile.POLICY_PREFIX + key.id(),
                limit.capacity(),
                limit.refillTokens(),
                limit.refillPeriod());
    ApiKeyFile.append(
        file,
        new ApiKeyFile.Entry(
            new ApiKeyRecord(
                key.id(),
                key.sha256(),
                owner,
                Set.of("orders:read"),
                named == null ? null : named.name(),
                exp),
            named),
        Instant.now());
    return key;
  }

  @Test
  void eachKeyHasItsOwnLimitExpiredKeysAreRefusedAndTheFileReloads() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    Path file = dir.resolve("api-keys.jsonl");
    ApiKeys.Generated limited =
        add(file, "ci-robot", RateLimitPolicy.perPeriod("x", 2, Duration.ofMinutes(1)), null);
    ApiKeys.Generated free = add(file, "batch", null, null);
    ApiKeys.Generated expired = add(file, "old", null, Instant.now().minusSeconds(60));
    MemoryAuditLog audit = new MemoryAuditLog();
    try (TestBackend backend = TestBackend.start("b");
        GatewaySecurity security =
            GatewaySecurity.start(
                new GatewaySecurity.Settings(
                    List.of(),
                    List.of(),
                    null,
                    null,
                    null,
                    ClusterRateLimitSettings.FailureMode.OPEN,
                    "bulwark",
                    file),
                HttpClient.newHttpClient(),
                Clock.systemUTC());
        GatewayServer gateway =
            security
                .install(
                    GatewayServer.builder(
                            new GatewayConfig(
                                List.of(ListenerConfig.plain("web", "127.0.0.1", 0)),
                                List.of(RouteConfig.of("orders", PathMatch.prefix("/orders"), "b")),
                                List.of(
                                    ClusterConfig.of(
                                        "b",
                                        new ClusterConfig.EndpointAddress(
                                            "127.0.0.1", backend.port()))),
                                Timeouts.DEFAULTS,
                                Limits.DEFAULTS,
                                List.of()))
                        .auditLog(audit)
                        .workerThreads(1))
                .build();
        HttpClient client = HttpClient.newHttpClient()) {
      gateway.start();
      URI orders = URI.create("http://127.0.0.1:" + gateway.port("web") + "/orders");
      java.util.function.Function<ApiKeys.Generated, HttpResponse<String>> call =
          key -> {
            try {
              return client.send(
                  HttpRequest.newBuilder(orders)
                      .header("Authorization", "Bearer " + key.plaintext())
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };

      HttpResponse<String> first = call.apply(limited);
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("RateLimit-Policy"))
          .hasValue("\"apikey." + limited.id() + "\";q=2;w=60");
      assertThat(call.apply(limited).statusCode()).isEqualTo(200);
      HttpResponse<String> over = call.apply(limited);
      assertThat(over.statusCode()).isEqualTo(429);
      assertThat(over.headers().firstValue("RateLimit")).hasValueSatisfying(v -> v.contains("r=0"));
      assertThat(over.headers().firstValue("RateLimit-Policy")).isPresent();
      assertThat(over.headers().firstValue("Retry-After")).isPresent();
      assertThat(over.headers().firstValue("Content-Type")).hasValue("application/problem+json");

      for (int i = 0; i < 5; i++) {
        assertThat(call.apply(free).statusCode()).isEqualTo(200);
      }
      HttpResponse<String> old = call.apply(expired);
      assertThat(old.statusCode()).isEqualTo(401);
      assertThat(old.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));

      ApiKeyFileReloader reloader =
          ApiKeyFileReloader.manual(
              file,
              security.authenticators().apiKeys(),
              List.of(),
              new ReloadEvents(audit, new SimpleMeterRegistry(), Clock.systemUTC()));
      ApiKeys.Generated added = add(file, "new-robot", null, null);
      assertThat(call.apply(added).statusCode()).isEqualTo(401);
      assertThat(reloader.reloadNow()).isEqualTo(ReloadEvents.Result.APPLIED);
      assertThat(call.apply(added).statusCode()).isEqualTo(200);

      Files.writeString(file, "{\"id\": \"broken\"}\n", java.nio.file.StandardOpenOption.APPEND);
      assertThat(reloader.reloadNow()).isEqualTo(ReloadEvents.Result.INVALID);
      assertThat(call.apply(added).statusCode()).isEqualTo(200);
      assertThat(call.apply(free).statusCode()).isEqualTo(200);
    } finally {
      root.detachAppender(logs);
    }
    String stored = Files.readString(file);
    for (ApiKeys.Generated key : List.of(limited, free, expired)) {
      assertThat(stored).contains(key.sha256()).doesNotContain(key.plaintext());
      assertThat(logs.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .noneMatch(m -> m.contains(key.plaintext()));
    }
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.contains("api-keys.jsonl:5: "));
  }
}
