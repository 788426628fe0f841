package io.bulwark.gateway.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathNormalizerTest {

  @ParameterizedTest
  @CsvSource({
    "/, /",
    "/a/b, /a/b",
    "/a/b/, /a/b/",
    "/admin/../public, /public",
    "/a/./b, /a/b",
    "/a/b/.., /a/",
    "/a//b///c, /a/b/c",
    "//admin, /admin",
    "/%7Euser/%41bc, /~user/Abc",
    "/a%20b, /a%20b",
    "/a%c3%a9, /a%C3%A9",
    "/file%2ejson, /file.json",
    "/a/b?x=1&y=%2F, /a/b?x=1&y=%2F"
  })
  void normalizesToOneCanonicalPath(String raw, String expected) {
    assertThat(PathNormalizer.normalize(raw).uri()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/a/%2e%2e/admin",
        "/a/%2E%2E/admin",
        "/a/.%2e/admin",
        "/a/%2e/admin",
        "/a%2fadmin",
        "/a%2Fadmin",
        "/a%5cadmin",
        "/a\\admin",
        "/a/%252e%252e/admin",
        "/a%00b",
        "/admin;jsessionid=1",
        "/a/..;/admin",
        "/..",
        "/a/../../etc",
        "/a%zz",
        "/a%4",
        "/a b",
        "/a\u00e9",
        "/a#frag",
        "http://evil/admin",
        "*",
        "/a?x=1 2"
      })
  void rejectsTargetsThatCouldBeReadTwoWays(String raw) {
    assertThatThrownBy(() -> PathNormalizer.normalize(raw))
        .isInstanceOf(RejectedRequestException.class)
        .satisfies(e -> assertThat(((RejectedRequestException) e).status()).isEqualTo(400));
  }
}
