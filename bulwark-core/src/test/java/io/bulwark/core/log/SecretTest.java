package io.bulwark.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {
  @Test
  void hidesValueInToStringButRevealsOnRequest() {
    Secret secret = Secret.of("hunter2".toCharArray());

    assertThat(secret.toString()).isEqualTo("***");
    assertThat("pw=" + secret).isEqualTo("pw=***");
    assertThat(secret.reveal()).isEqualTo("hunter2");
    assertThat(secret).isEqualTo(Secret.of("hunter2")).isNotEqualTo(Secret.of("other"));
  }
}
