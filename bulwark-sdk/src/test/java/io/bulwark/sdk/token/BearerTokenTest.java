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
        "Bearer =",
        "Bearer ==",
        "Bearer abc==x",
        "Bearer abc\u0000",
        "Bearer abc,def",
        "Bearer \"abc\"",
        "Bearer ab\u00e9",
        "Basic dXNlcjpwYXNz",
        "Bearerabc",
        "Token abc"
      })
  void rejectsAnythingElse(String header) {
    assertThat(BearerToken.parse(header)).isEmpty();
    assertThat(BearerToken.valueIn(header)).isNull();
  }

  @Test
  void acceptsExactlyTheB64TokenGrammarOfRfc6750() {
    java.util.regex.Pattern grammar = java.util.regex.Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    // Chars above 0xFF too (one of them the high half of a surrogate pair): none is a token char.
    String alphabet = "aZ09-._~+/=,; \"\u00e9\t\u0141\u2215\uff1d\ud83d?";
    java.util.Random random = new java.util.Random(6750);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder candidate = new StringBuilder();
      int length = random.nextInt(8);
      for (int j = 0; j < length; j++) {
        candidate.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = candidate.toString();
      assertThat(BearerToken.isB64Token(s)).as(s).isEqualTo(grammar.matcher(s).matches());
    }
  }

  @Test
  void rejectsHeadersLongerThanEightKibibytes() {
    String atLimit = "Bearer " + "a".repeat(BearerToken.MAX_HEADER_LENGTH - 7);
    String overLimit = atLimit + "a";

    assertThat(BearerToken.parse(atLimit)).isPresent();
    assertThat(BearerToken.parse(overLimit)).isEmpty();
  }

  @Test
  void valueInGivesWhatParseWraps() {
    assertThat(BearerToken.valueIn("bearer abc.DEF-_~+/123==")).isEqualTo("abc.DEF-_~+/123==");
    assertThat(BearerToken.valueIn("Bearer " + "a".repeat(BearerToken.MAX_HEADER_LENGTH - 6)))
        .isNull();
  }

  @Test
  void toStringNeverShowsTheToken() {
    assertThat(BearerToken.parse("Bearer secret-token").orElseThrow().toString())
        .doesNotContain("secret-token");
  }
}
