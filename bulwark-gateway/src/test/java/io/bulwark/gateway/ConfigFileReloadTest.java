package io.bulwark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.core.audit.Outcome;
import io.bulwark.core.config.BulwarkConfig;
import io.bulwark.core.config.ConfigLoader;
import io.bulwark.gateway.config.FromBulwarkConfig;
import io.bulwark.gateway.reload.ConfigFileReloader;
import io.bulwark.gateway.reload.ReloadEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Reloading bulwark.yaml into a running gateway: applied, invalid, and needing a restart. */
@Timeout(60)
class ConfigFileReloadTest {
  @TempDir Path dir;

  private static String yaml(int backendPort, String routes, String extra) {
    return """
    gateway:
      listeners: [{name: web, host: 127.0.0.1, port: 0, tls: false}]
      routes:
    %s
      clusters: [{name: b, endpoints: ["127.0.0.1:%d"]}]
    %s\
    """
        .formatted(routes, backendPort, extra);
  }

  @Test
  void appliesValidFilesAndAuditsAndCountsRejectedOnes() throws Exception {
    Path file = dir.resolve("bulwark.yaml");
    try (TestBackend backend = TestBackend.start("b")) {
      String old = "    - {id: old, path: /old, cluster: b}";
      Files.writeString(file, yaml(backend.port(), old, ""));
      ConfigFileReloader.Source source =
          () -> new ConfigLoader().load(Optional.of(file), Map.of(), Map.of());
      BulwarkConfig initial = source.load();
      MemoryAuditLog audit = new MemoryAuditLog();
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      try (GatewayServer gateway =
          GatewayServer.builder(FromBulwarkConfig.convert(initial.gateway(), null))
              .auditLog(audit)
              .workerThreads(1)
              .build()) {
        gateway.start();
        ConfigFileReloader reloader =
            ConfigFileReloader.manual(
                file,
                source,
                section -> FromBulwarkConfig.convert(section, null),
                gateway,
                initial.gateway(),
                new ReloadEvents(audit, meters, Clock.systemUTC()),
                applied -> {});
        try (RawHttp http = new RawHttp(gateway.port("web"))) {
          Files.writeString(
              file, yaml(backend.port(), old + "\n    - {id: new, path: /new, cluster: b}", ""));
          assertThat(reloader.reloadNow()).isEqualTo(ReloadEvents.Result.APPLIED);
          assertThat(http.send("GET /new/1 HTTP/1.1\r\nHost: g\r\n\r\n").read().body())
              .isEqualTo("b GET /new/1");

          Files.writeString(file, "gateway:\n  routes: [{id: x, path: /x, cluster: b, typo: 1}]\n");
          assertThat(reloader.reloadNow()).isEqualTo(ReloadEvents.Result.INVALID);
          assertThat(http.send("GET /new/2 HTTP/1.1\r\nHost: g\r\n\r\n").read().body())
              .isEqualTo("b GET /new/2");

          Files.writeString(
              file, yaml(backend.port(), old, "  redis: {url: \"redis://127.0.0.1:6379\"}\n"));
          assertThat(reloader.reloadNow()).isEqualTo(ReloadEvents.Result.REJECTED);
          assertThat(http.send("GET /new/3 HTTP/1.1\r\nHost: g\r\n\r\n").read().status())
              .isEqualTo(200);
        }
        assertThat(audit.events)
            .filteredOn(e -> e.type().equals("gateway.reload"))
            .extracting(e -> e.outcome(), e -> e.details().get("result"))
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(Outcome.SUCCESS, "applied"),
                org.assertj.core.groups.Tuple.tuple(Outcome.FAILURE, "invalid"),
                org.assertj.core.groups.Tuple.tuple(Outcome.FAILURE, "rejected"));
        assertThat(
                audit.events.stream()
                    .filter(e -> "invalid".equals(e.details().get("result")))
                    .findFirst()
                    .orElseThrow()
                    .reason())
            .contains("bulwark.yaml:2:");
        assertThat(
                meters
                    .get("bulwark.gateway.reloads")
                    .tags("source", "config", "outcome", "invalid")
                    .counter()
                    .count())
            .isEqualTo(1.0);
      }
    }
  }
}
