package io.bulwark.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestTimersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RequestTimers timers = new RequestTimers("identity", registry);

  @Test
  void reusesOneTimerPerMethodRouteAndStatusWithTheDocumentedTags() {
    timers.timer("POST", "/oauth2/token", 200).record(2, TimeUnit.MILLISECONDS);
    timers.timer("POST", "/oauth2/token", 200).record(4, TimeUnit.MILLISECONDS);
    timers.timer("POST", "/oauth2/token", 401).record(1, TimeUnit.MILLISECONDS);

    var ok =
        registry
            .get("http.server.requests")
            .tags(
                "server",
                "identity",
                "method",
                "POST",
                "route",
                "/oauth2/token",
                "status",
                "200",
                "outcome",
                "SUCCESS")
            .timer();
    assertThat(ok.count()).isEqualTo(2);
    assertThat(registry.get("http.server.requests").tag("status", "401").timer().count())
        .isEqualTo(1);
    assertThat(timers.cached()).isEqualTo(2);
  }

  @Test
  void madeUpMethodsShareOneTagSoClientsCannotGrowTheMetrics() {
    for (int i = 0; i < 100; i++) {
      timers.timer("X-METHOD-" + i, "METHOD_NOT_ALLOWED", 405).record(1, TimeUnit.MILLISECONDS);
    }
    assertThat(registry.get("http.server.requests").tag("method", "OTHER").timer().count())
        .isEqualTo(100);
    assertThat(registry.find("http.server.requests").timers()).hasSize(1);
    assertThat(RequestTimers.tagged("get")).isEqualTo("GET");
    assertThat(RequestTimers.tagged(null)).isEqualTo("OTHER");
  }

  @Test
  void theCacheStaysBoundedButEveryRequestIsStillTimed() {
    for (int status = 0; status < RequestTimers.MAX_CACHED + 50; status++) {
      timers.timer("GET", "/r", status).record(1, TimeUnit.MILLISECONDS);
    }
    assertThat(timers.cached()).isEqualTo(RequestTimers.MAX_CACHED);
    assertThat(registry.get("http.server.requests").tag("status", "2049").timer().count())
        .isEqualTo(1);
  }
}
