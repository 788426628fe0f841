package io.bulwark.identity.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher();

  @Test
  void hashesWithArgon2idAndTheDocumentedParameters() {
    String hash = hasher.hash("correct horse battery staple");
    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(hasher.matches("correct horse battery staple", hash)).isTrue();
    assertThat(hasher.matches("correct horse battery stapler", hash)).isFalse();
  }

  @Test
  void saltsEveryHash() {
    assertThat(hasher.hash("same password here")).isNotEqualTo(hasher.hash("same password here"));
  }

  @Test
  void aMalformedStoredHashNeverMatches() {
    assertThat(hasher.matches("x", "$2a$10$notargon")).isFalse();
    assertThat(hasher.matches("x", "$argon2id$garbage")).isFalse();
    assertThat(hasher.matches("x", null)).isFalse();
  }

  @Test
  void refusesAsBusyWhenEverySlotStaysTakenAndRunsAgainOnceOneFrees() throws Exception {
    PasswordHasher one = new PasswordHasher(1, Duration.ofMillis(50));
    String hash = one.hash("correct horse battery staple");
    one.slots().acquire();
    try {
      assertThatThrownBy(() -> one.matches("correct horse battery staple", hash))
          .isInstanceOf(PasswordHasher.BusyException.class);
      assertThatThrownBy(() -> one.hash("another long password"))
          .isInstanceOf(PasswordHasher.BusyException.class);
    } finally {
      one.slots().release();
    }
    assertThat(one.matches("correct horse battery staple", hash)).isTrue();
    assertThat(one.slots().availablePermits()).isEqualTo(1);
  }

  @Test
  void runsAtMostOneHashPerProcessorByDefault() {
    assertThat(hasher.maxConcurrent()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThatThrownBy(() -> new PasswordHasher(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
