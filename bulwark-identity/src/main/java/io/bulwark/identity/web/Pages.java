package io.bulwark.identity.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The server-rendered pages of the sign-in flow: login, consent and error. Plain HTML forms that
 * work without JavaScript, with labelled inputs, every value HTML-escaped, and a strict Content
 * Security Policy (no script at all; the one inline style allowed by its hash).
 */
public final class Pages {
  private static final String STYLE =
      "body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem}"
          + "label{display:block;margin-top:1rem}input{width:100%;padding:.5rem;font-size:1rem}"
          + "button{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem}"
          + ".error{color:#a00;border:1px solid #a00;padding:.5rem}";
  private static final String STYLE_HASH = "'sha256-" + sha256Base64(STYLE) + "'";

  private Pages() {}

  /**
   * The Content-Security-Policy of every page; forms may post to this server and be redirected to
   * {@code formTarget} (the client's redirect origin), or null.
   */
  public static String contentSecurityPolicy(String formTarget) {
    return "default-src 'none'; style-src "
        + STYLE_HASH
        + "; form-action 'self'"
        + (formTarget == null ? "" : " " + formTarget)
        + "; frame-ancestors 'none'; base-uri 'none'";
  }

  /** The sign-in form for a pending authorization request. */
  public static String login(
      String clientName, String requestId, String csrf, String username, String error) {
    StringBuilder html = head("Sign in");
    html.append("<main><h1>Sign in</h1><p>to continue to <strong>")
        .append(escape(clientName))
        .append("</strong></p>");
    if (error != null) {
      html.append("<p class=\"error\" role=\"alert\" id=\"login-error\">")
          .append(escape(error))
          .append("</p>");
    }
    html.append("<form method=\"post\" action=\"/login\">")
        .append(hidden("request", requestId))
        .append(hidden("csrf", csrf))
        .append("<label for=\"username\">User name</label>")
        .append("<input id=\"username\" name=\"username\" autocomplete=\"username\" required")
        .append(" maxlength=\"128\" autocapitalize=\"none\" spellcheck=\"false\" value=\"")
        .append(escape(username == null ? "" : username))
        .append("\"")
        .append(error != null ? " aria-describedby=\"login-error\"" : "")
        .append(">")
        .append("<label for=\"password\">Password</label>")
        .append("<input id=\"password\" name=\"password\" type=\"password\"")
        .append(" autocomplete=\"current-password\" required maxlength=\"256\">")
        .append("<button type=\"submit\">Sign in</button></form></main></body></html>");
    return html.toString();
  }

  /** The one-time code form, after a correct password when the user has TOTP. */
  public static String otp(String clientName, String requestId, String csrf, String error) {
    StringBuilder html = head("Enter your code");
    html.append("<main><h1>Two-step verification</h1><p>to continue to <strong>")
        .append(escape(clientName))
        .append("</strong></p>");
    if (error != null) {
      html.append("<p class=\"error\" role=\"alert\" id=\"otp-error\">")
          .append(escape(error))
          .append("</p>");
    }
    html.append("<form method=\"post\" action=\"/login/otp\">")
        .append(hidden("request", requestId))
        .append(hidden("csrf", csrf))
        .append("<label for=\"code\">Code from your authenticator app, or a recovery code</label>")
        .append("<input id=\"code\" name=\"code\" autocomplete=\"one-time-code\"")
        .append(" inputmode=\"numeric\" required maxlength=\"16\"")
        .append(error != null ? " aria-describedby=\"otp-error\"" : "")
        .append(">")
        .append("<button type=\"submit\">Verify</button></form></main></body></html>");
    return html.toString();
  }

  /** The consent form: the user allows or denies the client the listed scopes. */
  public static String consent(String clientName, String requestId, String csrf, String scope) {
    StringBuilder html = head("Allow access");
    html.append("<main><h1>Allow access?</h1><p><strong>")
        .append(escape(clientName))
        .append("</strong> asks for: ")
        .append(escape(scope.isEmpty() ? "(no scopes)" : scope))
        .append("</p><form method=\"post\" action=\"/consent\">")
        .append(hidden("request", requestId))
        .append(hidden("csrf", csrf))
        .append("<button type=\"submit\" name=\"decision\" value=\"allow\">Allow</button> ")
        .append("<button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button>")
        .append("</form></main></body></html>");
    return html.toString();
  }

  /**
   * An error shown to the user instead of redirecting (when the redirect target is not trusted).
   */
  public static String error(String title, String message) {
    StringBuilder html = head(title);
    html.append("<main><h1>")
        .append(escape(title))
        .append("</h1><p role=\"alert\">")
        .append(escape(message))
        .append("</p></main></body></html>");
    return html.toString();
  }

  private static StringBuilder head(String title) {
    return new StringBuilder(2048)
        .append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(escape(title))
        .append(" - Bulwark</title><style>")
        .append(STYLE)
        .append("</style></head><body>");
  }

  private static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">";
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static String sha256Base64(String text) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
