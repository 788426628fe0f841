package io.bulwark.core.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UlidTest {

  @Test
  void hasTwentySixCrockfordCharactersAndEncodesTheClockTime() {
    FakeClock clock = new FakeClock(Instant.parse("2026-03-04T05:06:07.089Z"));
    String id = Ulid.generator(clock).next();
    assertThat(id).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
    assertThat(Ulid.isValid(id)).isTrue();
    assertThat(Ulid.timestampOf(id)).isEqualTo(Instant.parse("2026-03-04T05:06:07.089Z"));
  }

  @Test
  void encodesKnownValuesLikeTheSpec() {
    assertThat(Ulid.encode(0, 0, 0)).isEqualTo("00000000000000000000000000");
    assertThat(Ulid.encode((1L << 48) - 1, 0xFFFF, -1L)).isEqualTo("7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
    assertThat(Ulid.encode(1469918176385L, 0, 1)).startsWith("01ARYZ6S41").endsWith("0001");
    assertThat(Ulid.timestampOf("01ARYZ6S41TSV4RRFFQ69G5FAV"))
        .isEqualTo(Instant.ofEpochMilli(1469918176385L));
  }

  @Test
  void idsFromLaterMillisecondsSortAfterEarlierOnes() {
    FakeClock clock = new FakeClock();
    Ulid.Generator generator = Ulid.generator(clock);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      ids.add(generator.next());
      clock.advance(Duration.ofMillis(1 + i % 7));
    }
    assertThat(ids).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void isMonotonicWithinOneMillisecond() {
    Ulid.Generator generator = Ulid.generator(new FakeClock());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      ids.add(generator.next());
    }
    assertThat(ids).isSorted().doesNotHaveDuplicates();
    assertThat(ids)
        .allSatisfy(id -> assertThat(Ulid.timestampOf(id)).isEqualTo(FakeClock.DEFAULT_START));
  }

  @Test
  void staysMonotonicWhenTheClockGoesBack() {
    FakeClock clock = new FakeClock();
    Ulid.Generator generator = Ulid.generator(clock);
    String first = generator.next();
    clock.advance(Duration.ofSeconds(-5));
    String second = generator.next();
    assertThat(second).isGreaterThan(first);
  }

  @Test
  void independentGeneratorsDoNotCollide() {
    FakeClock clock = new FakeClock();
    Set<String> ids = new HashSet<>();
    for (int g = 0; g < 100; g++) {
      ids.add(Ulid.generator(clock).next());
    }
    assertThat(ids).hasSize(100);
  }

  @Test
  void rejectsMalformedValues() {
    assertThat(Ulid.isValid(null)).isFalse();
    assertThat(Ulid.isValid("")).isFalse();
    assertThat(Ulid.isValid("01ARYZ6S41TSV4RRFFQ69G5FA")).isFalse();
    assertThat(Ulid.isValid("01ARYZ6S41TSV4RRFFQ69G5FAVX")).isFalse();
    assertThat(Ulid.isValid("01arYZ6S41TSV4RRFFQ69G5FAV")).isFalse();
    assertThat(Ulid.isValid("01ARYZ6S41TSV4RRFFQ69G5FAU")).isFalse();
    assertThat(Ulid.isValid("01ARYZ6S41TSV4RRFFQ69G5FAI")).isFalse();
    assertThat(Ulid.isValid("81ARYZ6S41TSV4RRFFQ69G5FAV")).isFalse();
    assertThat(Ulid.isValid("01ARYZ6S41TSV4RRFFQ69G5FÄV")).isFalse();
    assertThatThrownBy(() -> Ulid.timestampOf("nope")).isInstanceOf(IllegalArgumentException.class);
  }
}
