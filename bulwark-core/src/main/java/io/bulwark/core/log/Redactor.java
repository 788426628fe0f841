package io.bulwark.core.log;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in free text before it is written to a log: JWS/JWE compact tokens, {@code
 * Bearer} and {@code Basic} authorization values, and values of well-known secret parameters
 * ({@code password=}, {@code client_secret=}, {@code "token": "..."}, ...).
 */
public final class Redactor {
  /** What replaces a masked value. */
  public static final String MASK = "***";

  private static final String KEYS =
      "(?:client_secret|client_assertion|access_token|refresh_token|id_token|api_key|apikey"
          + "|passwd|password|secret|token)";

  /**
   * A rule and the lower-case fragments one of which any match must contain. The patterns are
   * case-insensitive only for ASCII, and lower-casing keeps every ASCII letter's place among its
   * ASCII neighbours, so text whose lower-case form holds none of them cannot match.
   */
  private record Rule(Pattern pattern, String replacement, List<String> fragments) {
    boolean mayMatch(String lowerCase) {
      for (String fragment : fragments) {
        if (lowerCase.contains(fragment)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Every spelling in {@link #KEYS} contains one of these. */
  private static final List<String> KEY_FRAGMENTS =
      List.of("secret", "assertion", "token", "api_key", "apikey", "passw");

  private static final List<Rule> RULES =
      List.of(
          // Case-sensitive: "eyJ" is the base64url of '{"', so its fragment is lower-cased too.
          new Rule(
              Pattern.compile("eyJ[A-Za-z0-9_-]{2,}(?:\\.[A-Za-z0-9_-]*){2,4}"),
              MASK,
              List.of("eyj")),
          new Rule(
              Pattern.compile("(?i)\\b(Bearer|Basic|Negotiate)(\\s+)[A-Za-z0-9._~+/=-]{4,}"),
              "$1$2" + MASK,
              List.of("bearer", "basic", "negotiate")),
          new Rule(
              Pattern.compile("(?i)(?<![A-Za-z0-9])(\"?" + KEYS + "\"?\\s*[=:]\\s*\")([^\"]*)(\")"),
              "$1" + MASK + "$3",
              KEY_FRAGMENTS),
          new Rule(
              Pattern.compile(
                  "(?i)(?<![A-Za-z0-9])(" + KEYS + "\\s*[=:]\\s*)(?![\\s\"])([^\\s&,;'\"}\\]]+)"),
              "$1" + MASK,
              KEY_FRAGMENTS));

  private Redactor() {}

  /**
   * {@code text} with every recognised credential replaced by {@link #MASK}; null stays null. A
   * rule whose fragments the text lacks is skipped without running its pattern: most lines (a
   * gateway's access line, say) hold none, and the case-insensitive patterns tried at every
   * position cost tens of microseconds on a 300-char line.
   */
  public static String redact(String text) {
    return redact(text, true);
  }

  static String redact(String text, boolean prefilter) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    String lowerCase = prefilter ? text.toLowerCase(Locale.ROOT) : null;
    for (Rule rule : RULES) {
      if (lowerCase != null && !rule.mayMatch(lowerCase)) {
        continue;
      }
      Matcher m = rule.pattern().matcher(out);
      if (m.find()) {
        out = m.replaceAll(rule.replacement());
        // MASK, which has no letters, stands where text was: no fragment the text lacked appears.
      }
    }
    return out;
  }
}
