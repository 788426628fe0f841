package io.bulwark.core.log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret value (password, client secret, key material) that cannot leak through {@code
 * toString()}, string concatenation or a debugger's default rendering: all of them show {@code
 * ***}. Call {@link #reveal()} only at the point of use.
 */
public final class Secret {
  private static final String MASK = "***";

  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** Wraps {@code value}. */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /** Wraps the characters of {@code value}; the caller may then wipe its array. */
  public static Secret of(char[] value) {
    return new Secret(new String(value));
  }

  /** The secret itself. */
  public String reveal() {
    return value;
  }

  /** True when the secret is the empty string. */
  public boolean isEmpty() {
    return value.isEmpty();
  }

  /** Compares in constant time, so comparisons don't leak the secret through timing. */
  @Override
  public boolean equals(Object other) {
    return other instanceof Secret s
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0;
  }

  @Override
  public String toString() {
    return MASK;
  }
}
