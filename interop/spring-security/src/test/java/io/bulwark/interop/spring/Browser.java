package io.bulwark.interop.spring;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A browser without JavaScript: keeps cookies, follows redirects one hop at a time (recording each
 * URL it visits) and submits HTML forms with their hidden fields (such as the CSRF token).
 */
final class Browser {
  private static final int MAX_REDIRECTS = 10;
  private static final Pattern FORM =
      Pattern.compile("<form method=\"post\" action=\"([^\"]+)\">", Pattern.CASE_INSENSITIVE);
  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

  private final HttpClient http;
  final List<URI> visited = new ArrayList<>();

  /** Redirects to a URL starting with this are not followed (a client outside the test). */
  String stopBefore = "\u0000";

  Browser(SSLContext trust) {
    http =
        HttpClient.newBuilder()
            .sslContext(trust)
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** GETs {@code uri} and follows redirects; returns the final page. */
  HttpResponse<String> open(URI uri) throws IOException, InterruptedException {
    return follow(send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).GET().build()));
  }

  /**
   * Fills the page's (first) POST form: its hidden fields plus {@code fields}; submits it and
   * follows redirects.
   */
  HttpResponse<String> submit(HttpResponse<String> page, Map<String, String> fields)
      throws IOException, InterruptedException {
    String html = page.body();
    Matcher form = FORM.matcher(html);
    if (!form.find()) {
      throw new IllegalStateException("no form on " + page.uri() + ": " + html);
    }
    Map<String, String> values = new LinkedHashMap<>();
    Matcher hidden = HIDDEN.matcher(html);
    while (hidden.find()) {
      values.put(hidden.group(1), unescape(hidden.group(2)));
    }
    values.putAll(fields);
    URI action = page.uri().resolve(unescape(form.group(1)));
    return follow(
        send(
            HttpRequest.newBuilder(action)
                .timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(BulwarkIdentity.form(values)))
                .build()));
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    visited.add(request.uri());
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> follow(HttpResponse<String> response)
      throws IOException, InterruptedException {
    for (int hops = 0; isRedirect(response.statusCode()); hops++) {
      if (hops == MAX_REDIRECTS) {
        throw new IllegalStateException("too many redirects: " + visited);
      }
      URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
      if (next.toString().startsWith(stopBefore)) {
        return response;
      }
      response = send(HttpRequest.newBuilder(next).timeout(Duration.ofSeconds(15)).GET().build());
    }
    return response;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static String unescape(String html) {
    return html.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }
}
