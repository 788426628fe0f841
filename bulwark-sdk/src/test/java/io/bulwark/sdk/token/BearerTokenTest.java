package io.bulwark.sdk.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenTest {

  @Test
  void extractsTokenAfterBearerScheme() {
    assertThat(BearerToken.parse("Bearer abc.DEF-_~+/123=="))
        .map(BearerToken::value)
        .contains("abc.DEF-_~+/123==");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bearer abc", "BEARER abc", "bEaReR abc"})
  void schemeIsCaseInsensitive(String header) {
    assertThat(BearerToken.parse(header)).map(BearerToken::value).contains("abc");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "Bearer",
        "Bearer ",
        "Bearer  abc",
        "Bearer abc ",
        " Bearer abc",
        "Bearer\tabc",
        "Bearer abc def",
        "Bearer a=b",
        "Bearer abc,def",
        "Bearer \"abc\"",
        "Bearer ab\u00e9",
        "Basic dXNlcjpwYXNz",
        "Bearerabc",
        "Token abc"
      })
  void rejectsAnythingElse(String header) {
    assertThat(BearerToken.parse(header)).isEmpty();
  }

  @Test
  void rejectsHeadersLongerThanEightKibibytes() {
    String atLimit = "Bearer " + "a".repeat(BearerToken.MAX_HEADER_LENGTH - 7);
    String overLimit = atLimit + "a";

    assertThat(BearerToken.parse(atLimit)).isPresent();
    assertThat(BearerToken.parse(overLimit)).isEmpty();
  }

  @Test
  void toStringNeverShowsTheToken() {
    assertThat(BearerToken.parse("Bearer secret-token").orElseThrow().toString())
        .doesNotContain("secret-token");
  }
}
