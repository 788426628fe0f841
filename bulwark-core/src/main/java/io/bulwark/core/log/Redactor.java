package io.bulwark.core.log;

import java.util.List;
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

  private record Rule(Pattern pattern, String replacement) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule(Pattern.compile("eyJ[A-Za-z0-9_-]{2,}(?:\\.[A-Za-z0-9_-]*){2,4}"), MASK),
          new Rule(
              Pattern.compile("(?i)\\b(Bearer|Basic|Negotiate)(\\s+)[A-Za-z0-9._~+/=-]{4,}"),
              "$1$2" + MASK),
          new Rule(
              Pattern.compile("(?i)(?<![A-Za-z0-9])(\"?" + KEYS + "\"?\\s*[=:]\\s*\")([^\"]*)(\")"),
              "$1" + MASK + "$3"),
          new Rule(
              Pattern.compile(
                  "(?i)(?<![A-Za-z0-9])(" + KEYS + "\\s*[=:]\\s*)(?![\\s\"])([^\\s&,;'\"}\\]]+)"),
              "$1" + MASK));

  private Redactor() {}

  /** {@code text} with every recognised credential replaced by {@link #MASK}; null stays null. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (Rule rule : RULES) {
      Matcher m = rule.pattern().matcher(out);
      if (m.find()) {
        out = m.replaceAll(rule.replacement());
      }
    }
    return out;
  }
}
