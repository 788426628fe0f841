package io.bulwark.identity.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {
  private final PasswordPolicy policy = new PasswordPolicy();

  @Test
  void bundlesTenThousandCommonPasswords() {
    assertThat(PasswordPolicy.commonPasswordCount()).isBetween(9_900, 10_000);
  }

  @Test
  void refusesPasswordsShorterThanTwelveCharacters() {
    assertThat(policy.violation("Xk4!mQ9#pL2", "bob"))
        .hasValueSatisfying(v -> assertThat(v).contains("12"));
  }

  @Test
  void refusesPasswordsLongerThanTheBound() {
    assertThat(policy.violation("x".repeat(257), "bob")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password1234",
        "PASSWORD1234!",
        "qwertyuiop123",
        "qwertyqwerty",
        "aaaaaaaaaaaaaaa",
        "1234567890123",
        "iloveyou2024!!",
        "abc123abc123"
      })
  void refusesCommonPasswordsAndTheirUsualStretchings(String password) {
    assertThat(policy.violation(password, "someone")).hasValue("password is too common");
  }

  @Test
  void refusesAPasswordContainingTheUserName() {
    assertThat(policy.violation("alice-in-wonderland", "alice")).isPresent();
  }

  @Test
  void acceptsALongUncommonPassphrase() {
    assertThat(policy.violation("correct horse battery staple", "alice")).isEmpty();
  }
}
