package io.bulwark.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class FakeClockTest {

  @Test
  void standsStillUntilAdvanced() {
    FakeClock clock = new FakeClock();
    assertThat(clock.instant()).isEqualTo(FakeClock.DEFAULT_START);
    assertThat(clock.instant()).isEqualTo(FakeClock.DEFAULT_START);
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);

    Instant later = clock.advance(Duration.ofMinutes(5));

    assertThat(later).isEqualTo(FakeClock.DEFAULT_START.plusSeconds(300));
    assertThat(clock.instant()).isEqualTo(later);
    assertThat(clock.millis()).isEqualTo(later.toEpochMilli());
  }

  @Test
  void setMovesToTheGivenInstantAndBackwardsAdvanceIsAllowed() {
    FakeClock clock = new FakeClock(Instant.parse("2030-05-06T07:08:09Z"));
    clock.set(Instant.parse("2031-01-01T00:00:00Z"));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2031-01-01T00:00:00Z"));
    clock.advance(Duration.ofDays(-1));
    assertThat(clock.instant()).isEqualTo(Instant.parse("2030-12-31T00:00:00Z"));
  }

  @Test
  void zonedViewSharesTheSameTime() {
    FakeClock clock = new FakeClock();
    FakeClock paris = clock.withZone(ZoneId.of("Europe/Paris"));
    clock.advance(Duration.ofHours(1));
    assertThat(paris.instant()).isEqualTo(clock.instant());
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }

  @Test
  void concurrentAdvancesAreAllCounted() throws Exception {
    FakeClock clock = new FakeClock();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(
            pool.submit(() -> {
              for (int i = 0; i < 1000; i++) {
                clock.advance(Duration.ofMillis(1));
              }
            }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    }
    assertThat(clock.instant()).isEqualTo(FakeClock.DEFAULT_START.plusMillis(8000));
  }
}
