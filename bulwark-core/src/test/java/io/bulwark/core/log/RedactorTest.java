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

  @Test
  void skippingRulesByFragmentChangesNoResult() {
    String[] pieces = {
      "eyJ",
      "eyJhbGciOiJSUzI1NiJ9",
      "EYJ",
      ".",
      "..",
      "abc_-",
      "Bearer",
      "bEaReR",
      "BASIC",
      "negotiate",
      " ",
      "\t",
      "password",
      "PassWord",
      "passwd",
      "client_secret",
      "CLIENT_ASSERTION",
      "access_token",
      "id_token",
      "tok",
      "en",
      "api_key",
      "apiKey",
      "secret",
      "=",
      ":",
      "\"",
      "&",
      ",",
      "}",
      "x",
      "42",
      "\u0130",
      "\u212a",
      "\u00df",
      "***",
      "{\"path\":\"/a\"}"
    };
    java.util.SplittableRandom random = new java.util.SplittableRandom(9457);
    for (int i = 0; i < 50_000; i++) {
      StringBuilder text = new StringBuilder();
      int n = random.nextInt(1, 12);
      for (int j = 0; j < n; j++) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      String s = text.toString();
      assertThat(Redactor.redact(s)).as(s).isEqualTo(Redactor.redact(s, false));
    }
  }

  @Test
  void leavesAGatewayAccessLineAsItIs() {
    String line =
        "{\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"listener\":\"web\",\"client\":"
            + "\"127.0.0.1\",\"method\":\"GET\",\"path\":\"/products/42\",\"status\":200}";
    assertThat(Redactor.redact(line)).isSameAs(line);
  }
}
