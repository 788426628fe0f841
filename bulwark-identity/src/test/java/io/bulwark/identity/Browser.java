package io.bulwark.identity;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Walks the sign-in pages as a browser without JavaScript would: cookies, hidden fields, forms. */
public final class Browser {
  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([a-z]+)\" value=\"([^\"]*)\">");

  private final TestIdentity id;
  public String cookie;
  public Map<String, String> hidden = new LinkedHashMap<>();
  public final CodeVerifier verifier = new CodeVerifier();

  public Browser(TestIdentity id) {
    this.id = id;
  }

  public String challenge() {
    return CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
  }

  /** The usual authorization query for client {@code clientId}. */
  public Map<String, String> query(String clientId, String scope) {
    return TestIdentity.params(
        "response_type", "code",
        "client_id", clientId,
        "redirect_uri", "https://app.example/cb",
        "scope", scope,
        "state", "st-1",
        "nonce", "n-1",
        "code_challenge", challenge(),
        "code_challenge_method", "S256");
  }

  public HttpResponse<String> authorize(Map<String, String> query)
      throws IOException, InterruptedException {
    URI uri = URI.create(id.url("/oauth2/authorize") + "?" + TestIdentity.form(query));
    HttpResponse<String> response =
        id.http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    response
        .headers()
        .allValues("Set-Cookie")
        .forEach(c -> {
          if (c.startsWith("__Host-bulwark-login=")) {
            cookie = c.substring(0, c.indexOf(';'));
          }
        });
    readHidden(response.body());
    return response;
  }

  private void readHidden(String html) {
    Matcher m = HIDDEN.matcher(html);
    while (m.find()) {
      hidden.put(m.group(1), m.group(2));
    }
  }

  /** Posts a form of the page (the hidden fields plus {@code fields}) with the cookie. */
  public HttpResponse<String> submit(String path, String... fields)
      throws IOException, InterruptedException {
    Map<String, String> form = new LinkedHashMap<>(hidden);
    form.putAll(TestIdentity.params(fields));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(id.url(path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(TestIdentity.form(form)));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    HttpResponse<String> response =
        id.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    readHidden(response.body());
    return response;
  }

  /** Signs in as {@code username} and returns the redirect's query parameters. */
  public Map<String, String> signIn(String clientId, String scope, String username, String password)
      throws IOException, InterruptedException {
    authorize(query(clientId, scope));
    HttpResponse<String> response = submit("/login", "username", username, "password", password);
    if (response.statusCode() != 303) {
      throw new IllegalStateException("sign-in did not redirect: " + response.statusCode());
    }
    return redirectParams(response);
  }

  public static Map<String, String> redirectParams(HttpResponse<String> response) {
    URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : location.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    params.put(
        "_location",
        location.getScheme() + "://" + location.getRawAuthority() + location.getRawPath());
    return params;
  }
}
