package io.bulwark.audit.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.audit.TestAwait;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class DetectingAuditLogTest {
  private static final Instant T0 = Instant.parse("2026-03-04T10:00:00Z");

  private static final class ListLog implements AuditLog {
    final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void append(AuditEvent event) {
      events.add(event);
    }

    @Override
    public void close() {}
  }

  @Test
  void feedsEveryRecordedEventToTheEngine() throws Exception {
    List<Detection> found = new CopyOnWriteArrayList<>();
    ListLog log = new ListLog();
    DetectionEngine engine =
        new DetectionEngine(RuleLoader.builtIn(), DetectionSettings.DEFAULTS, 100, found::add);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (DetectingAuditLog audit = new DetectingAuditLog(log, engine, 1000, registry)) {
      for (int i = 0; i < 10; i++) {
        audit.append(Events.loginFailed(T0.plusSeconds(i), "alice", "192.0.2.1"));
      }
      TestAwait.until("a detection", () -> found.size() == 1);
    }
    assertThat(log.events).hasSize(10);
    assertThat(found.getFirst().rule().id()).isEqualTo("brute-force-account");
  }

  @Test
  void aFullQueueDropsAnalysisNotTheAppend() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ListLog log = new ListLog();
    DetectionEngine engine =
        new DetectionEngine(
            RuleLoader.builtIn(),
            DetectionSettings.DEFAULTS,
            100,
            d -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (DetectingAuditLog audit = new DetectingAuditLog(log, engine, 2, registry)) {
      audit.append(Events.policyChanged(T0, "orders")); // blocks the detection thread
      TestAwait.until("the first event taken", () -> audit.backlog() == 0);
      for (int i = 0; i < 5; i++) {
        audit.append(Events.policyChanged(T0.plusSeconds(i), "p" + i));
      }
      assertThat(log.events).hasSize(6);
      assertThat(registry.counter("audit.detect.dropped").count()).isEqualTo(3.0);
      release.countDown();
    }
  }
}
