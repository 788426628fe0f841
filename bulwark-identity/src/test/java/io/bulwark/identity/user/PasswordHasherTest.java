package io.bulwark.identity.user;

import static org.assertj.core.api.Assertions.assertThat;

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
}
