package io.bulwark.cli.dev;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.bulwark.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * Gets access tokens from the identity server of a local {@code bulwark up} the way real clients
 * do: {@code client_credentials} for a service, and for a user the authorization-code flow with
 * PKCE, walked as a browser would (authorize page, sign-in form with its CSRF field and cookie,
 * redirect to the loopback URI of the {@code bulwark-cli} client, code exchange). Nothing is signed
 * here: every token comes from the identity server.
 */
public final class IdentityClient {
  /** Loopback redirect URI registered for the {@code bulwark-cli} client (RFC 8252). */
  public static final String CLI_REDIRECT_URI = "http://127.0.0.1/bulwark-cli/callback";

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String LOGIN_COOKIE = "__Host-bulwark-login=";
  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([a-z]+)\" value=\"([^\"]*)\">");
  private static final Pattern LOGIN_ERROR = Pattern.compile("id=\"login-error\">([^<]*)<");

  /** An access token and how long it is valid. */
  public record AccessToken(String value, Duration expiresIn) {
    @Override
    public String toString() {
      return "AccessToken[expiresIn=" + expiresIn + "]";
    }
  }

  /** The identity server refused or failed; the message is safe to print (no secrets). */
  public static final class TokenRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TokenRequestException(String message) {
      super(message, null, false, false);
    }
  }

  private final URI base;
  private final String issuer;
  private final HttpClient http;

  /**
   * @param base the identity server's local URL, e.g. {@code https://localhost:9443}
   * @param issuer its issuer identifier, checked against the {@code iss} of the redirect (RFC 9207)
   * @param tls trusts the identity server's certificate
   */
  public IdentityClient(URI base, String issuer, SSLContext tls) {
    this.base = base;
    this.issuer = issuer;
    this.http =
        HttpClient.newBuilder()
            .sslContext(tls)
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** A {@code client_credentials} token of a confidential client for {@code audience}. */
  public AccessToken clientCredentials(String clientId, String secret, String audience) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    form.put("audience", audience);
    String basic =
        Base64.getEncoder()
            .encodeToString(
                (encode(clientId) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8));
    return tokenResponse(
        send(post("/oauth2/token", form).header("Authorization", "Basic " + basic).build()));
  }

  /**
   * A user token for the public client {@code clientId}: signs in with {@code username} and {@code
   * password} through the authorization endpoint and redeems the code with PKCE.
   */
  public AccessToken authorizationCode(
      String clientId, String username, String password, String scope, String audience) {
    CodeVerifier verifier = new CodeVerifier();
    String state = random();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", clientId);
    query.put("redirect_uri", CLI_REDIRECT_URI);
    query.put("scope", scope);
    query.put("state", state);
    query.put("nonce", random());
    query.put(
        "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
    query.put("code_challenge_method", "S256");
    HttpResponse<String> page =
        send(
            HttpRequest.newBuilder(base.resolve("/oauth2/authorize?" + form(query)))
                .timeout(TIMEOUT)
                .GET()
                .build());
    if (page.statusCode() != 200) {
      throw new TokenRequestException(
          "the authorization endpoint answered " + page.statusCode() + redirectError(page));
    }
    String cookie =
        page.headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(LOGIN_COOKIE))
            .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
            .findFirst()
            .orElseThrow(() -> new TokenRequestException("the sign-in page set no login cookie"));
    Map<String, String> login = hiddenFields(page.body());
    login.put("username", username);
    login.put("password", password);
    HttpResponse<String> signedIn = send(post("/login", login).header("Cookie", cookie).build());
    if (signedIn.statusCode() != 303) {
      Matcher error = LOGIN_ERROR.matcher(signedIn.body());
      throw new TokenRequestException(
          "sign-in as "
              + username
              + " failed"
              + (error.find() ? ": " + error.group(1) : " (" + signedIn.statusCode() + ")"));
    }
    Map<String, String> redirect = redirectParams(signedIn);
    if (!state.equals(redirect.get("state")) || !issuer.equals(redirect.get("iss"))) {
      throw new TokenRequestException("the redirect's state or iss does not match the request");
    }
    if (redirect.containsKey("error")) {
      throw new TokenRequestException(
          "authorization refused: "
              + redirect.get("error")
              + " "
              + redirect.getOrDefault("error_description", ""));
    }
    Map<String, String> exchange = new LinkedHashMap<>();
    exchange.put("grant_type", "authorization_code");
    exchange.put("code", redirect.get("code"));
    exchange.put("redirect_uri", CLI_REDIRECT_URI);
    exchange.put("client_id", clientId);
    exchange.put("code_verifier", verifier.getValue());
    exchange.put("audience", audience);
    return tokenResponse(send(post("/oauth2/token", exchange).build()));
  }

  private HttpRequest.Builder post(String path, Map<String, String> form) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(form)));
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (javax.net.ssl.SSLException e) {
      throw new TokenRequestException(
          "TLS with the identity server at "
              + base
              + " failed: its certificate is not trusted"
              + " (give its CA with --cacert)");
    } catch (IOException e) {
      throw new TokenRequestException(
          "cannot reach the identity server at " + base + " (is `bulwark up` running?)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenRequestException("interrupted");
    }
  }

  private static AccessToken tokenResponse(HttpResponse<String> response) {
    JsonNode body;
    try {
      body = Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new TokenRequestException("the token endpoint answered " + response.statusCode());
    }
    if (response.statusCode() != 200 || !body.path("access_token").isTextual()) {
      throw new TokenRequestException(
          "the token endpoint refused: "
              + body.path("error").asText("status " + response.statusCode())
              + " "
              + body.path("error_description").asText(""));
    }
    return new AccessToken(
        body.get("access_token").textValue(),
        Duration.ofSeconds(body.path("expires_in").asLong(60)));
  }

  private static String redirectError(HttpResponse<String> response) {
    return response
        .headers()
        .firstValue("Location")
        .map(URI::create)
        .map(IdentityClient::query)
        .map(
            q -> ": " + q.getOrDefault("error", "") + " " + q.getOrDefault("error_description", ""))
        .orElse("");
  }

  private static Map<String, String> redirectParams(HttpResponse<String> response) {
    URI location =
        URI.create(
            response
                .headers()
                .firstValue("Location")
                .orElseThrow(() -> new TokenRequestException("the sign-in did not redirect")));
    String target = location.getScheme() + "://" + location.getRawAuthority() + location.getPath();
    if (!CLI_REDIRECT_URI.equals(target)) {
      throw new TokenRequestException("the sign-in redirected somewhere unexpected");
    }
    return query(location);
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> params = new LinkedHashMap<>();
    if (uri.getRawQuery() == null) {
      return params;
    }
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.putIfAbsent(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  private static Map<String, String> hiddenFields(String html) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = HIDDEN.matcher(html);
    while (m.find()) {
      fields.put(m.group(1), unescape(m.group(2)));
    }
    if (!fields.containsKey("csrf") || !fields.containsKey("request")) {
      throw new TokenRequestException("the sign-in page has no form to fill in");
    }
    return fields;
  }

  private static String unescape(String html) {
    return html.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  private static String form(Map<String, String> params) {
    return params.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String random() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
