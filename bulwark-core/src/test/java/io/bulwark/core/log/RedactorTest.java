package io.bulwark.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {
  static final String JWT = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU";

  @Test
  void masksCompactJwts() {
    assertThat(Redactor.redact("token " + JWT + " seen")).isEqualTo("token *** seen");
  }

  @Test
  void masksAuthorizationValues() {
    assertThat(Redactor.redact("Authorization: Bearer abc.def-ghi"))
        .isEqualTo("Authorization: Bearer ***");
    assertThat(Redactor.redact("Authorization: Basic dXNlcjpwYXNz"))
        .isEqualTo("Authorization: Basic ***");
  }

  @Test
  void masksSecretParameters() {
    assertThat(Redactor.redact("grant_type=x&client_secret=abc123&scope=openid"))
        .isEqualTo("grant_type=x&client_secret=***&scope=openid");
    assertThat(Redactor.redact("password=hunter2 user=bob")).isEqualTo("password=*** user=bob");
    assertThat(Redactor.redact("secret: s3 token=t0k")).isEqualTo("secret: *** token=***");
    assertThat(Redactor.redact("{\"password\": \"p w\", \"user\":\"bob\"}"))
        .isEqualTo("{\"password\": \"***\", \"user\":\"bob\"}");
  }

  @Test
  void leavesOrdinaryTextAlone() {
    String text = "GET /products/{id} 200 3.1ms trace=4bf92f3577b34da6a3ce929d0e0e4736";
    assertThat(Redactor.redact(text)).isEqualTo(text);
    assertThat(Redactor.redact(null)).isNull();
  }
}
