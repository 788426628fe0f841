package io.bulwark.identity.user;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a new password must be (NIST SP 800-63B §5.1.1.2): at least {@value #MIN_LENGTH} and at most
 * {@value #MAX_LENGTH} characters, not the user name, and not one of the 10,000 most common
 * passwords (bundled {@code common-passwords.txt}). The common-password check also catches the
 * usual ways of stretching a short common password to the minimum length: case changes, digits or
 * symbols appended, and repetition ({@code password1234!}, {@code qwertyqwerty}).
 */
public final class PasswordPolicy {
  /** Fewest characters a password may have. */
  public static final int MIN_LENGTH = 12;

  /** Most characters a password may have (Argon2 works on any length; this bounds the work). */
  public static final int MAX_LENGTH = 256;

  private static final Set<String> COMMON = load();

  private static Set<String> load() {
    Set<String> words = new HashSet<>();
    try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
      if (in == null) {
        throw new IllegalStateException("common-passwords.txt is missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        if (!line.isBlank() && !line.startsWith("#")) {
          words.add(line.strip().toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(words);
  }

  /** How many common passwords are bundled. */
  public static int commonPasswordCount() {
    return COMMON.size();
  }

  /** Why {@code password} is refused for {@code username}, or empty if it is acceptable. */
  public Optional<String> violation(String password, String username) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
      return Optional.of("password must have at least " + MIN_LENGTH + " characters");
    }
    if (password.length() > MAX_LENGTH) {
      return Optional.of("password must have at most " + MAX_LENGTH + " characters");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (username != null
        && lower.contains(username.toLowerCase(Locale.ROOT))
        && username.length() >= 3) {
      return Optional.of("password must not contain the user name");
    }
    if (isCommon(lower)) {
      return Optional.of("password is too common");
    }
    return Optional.empty();
  }

  private static boolean isCommon(String lower) {
    if (COMMON.contains(lower)) {
      return true;
    }
    for (int end = lower.length() - 1; end >= 4; end--) {
      if (COMMON.contains(lower.substring(0, end)) && !hasLetter(lower.substring(end))) {
        return true;
      }
    }
    return isRepetition(lower);
  }

  private static boolean hasLetter(String text) {
    return text.codePoints().anyMatch(Character::isLetter);
  }

  /** Whether the text is one common password (or one character) repeated. */
  private static boolean isRepetition(String text) {
    for (int unit = 1; unit <= text.length() / 2; unit++) {
      if (text.length() % unit != 0) {
        continue;
      }
      String part = text.substring(0, unit);
      if (part.repeat(text.length() / unit).equals(text) && (unit == 1 || COMMON.contains(part))) {
        return true;
      }
    }
    return false;
  }
}
