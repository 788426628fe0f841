package io.bulwark.identity.sso;

import static io.bulwark.identity.TestIdentity.basic;
import static io.bulwark.identity.TestIdentity.form;
import static io.bulwark.identity.TestIdentity.json;
import static io.bulwark.identity.TestIdentity.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.bulwark.identity.Browser;
import io.bulwark.identity.TestIdentity;
import io.bulwark.identity.store.UserAccount;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Browser single sign-on, driven by an HTTP client with a cookie jar as a browser would. */
class SingleSignOnTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([a-z]+)\" value=\"([^\"]*)\">");

  @TempDir Path dir;
  TestIdentity id;
  HttpClient browser;
  CookieManager jar;
  Map<String, String> secrets = new LinkedHashMap<>();
  UserAccount alice;
  CodeVerifier verifier = new CodeVerifier();

  @BeforeEach
  void start() throws Exception {
    id = new TestIdentity(dir);
    for (String client : List.of("shop", "kitchen")) {
      secrets.put(
          client,
          id.secretClient(
              client,
              Set.of("authorization_code"),
              Set.of("openid", "orders:read"),
              List.of("orders")));
    }
    alice = id.server.users().create("alice", PASSWORD, List.of("customer"), List.of(), Map.of());
    jar = new CookieManager();
    browser =
        HttpClient.newBuilder()
            .sslContext(id.ca.sslContextTrustingCa())
            .cookieHandler(jar)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterEach
  void stop() {
    id.close();
  }

  private HttpResponse<String> authorize(String client, String... extra) throws Exception {
    Map<String, String> query =
        params(
            "response_type", "code",
            "client_id", client,
            "redirect_uri", "https://app.example/cb",
            "scope", "openid orders:read",
            "state", "st",
            "nonce", "n",
            "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(),
            "code_challenge_method", "S256");
    query.putAll(params(extra));
    return browser.send(
        HttpRequest.newBuilder(URI.create(id.url("/oauth2/authorize") + "?" + form(query)))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> signIn(HttpResponse<String> loginPage) throws Exception {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = HIDDEN.matcher(loginPage.body());
    while (m.find()) {
      fields.put(m.group(1), m.group(2));
    }
    fields.putAll(params("username", "alice", "password", PASSWORD));
    return browser.send(
        HttpRequest.newBuilder(id.url("/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static boolean isLoginForm(HttpResponse<String> response) {
    return response.statusCode() == 200 && response.body().contains("name=\"password\"");
  }

  private String idToken(String client, HttpResponse<String> redirect) throws Exception {
    String code = Browser.redirectParams(redirect).get("code");
    HttpResponse<String> tokens =
        id.post(
            "/oauth2/token",
            basic(client, secrets.get(client)),
            form(
                params(
                    "grant_type",
                    "authorization_code",
                    "code",
                    code,
                    "redirect_uri",
                    "https://app.example/cb",
                    "code_verifier",
                    verifier.getValue())));
    assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    return json(tokens).get("id_token").asText();
  }

  private static long authTime(String idToken) throws Exception {
    return SignedJWT.parse(idToken).getJWTClaimsSet().getLongClaim("auth_time");
  }

  private String signedInAtShop() throws Exception {
    HttpResponse<String> page = authorize("shop");
    assertThat(isLoginForm(page)).isTrue();
    HttpResponse<String> signedIn = signIn(page);
    assertThat(signedIn.statusCode()).isEqualTo(303);
    return idToken("shop", signedIn);
  }

  @Test
  void signingInOnceSkipsTheFormForAnotherClientWithTheSameAuthTime() throws Exception {
    String shopToken = signedInAtShop();
    id.clock.advance(Duration.ofMinutes(5));

    HttpResponse<String> kitchen = authorize("kitchen");

    assertThat(kitchen.statusCode()).isEqualTo(303);
    assertThat(Browser.redirectParams(kitchen)).containsKey("code").containsEntry("state", "st");
    assertThat(authTime(idToken("kitchen", kitchen))).isEqualTo(authTime(shopToken));
    assertThat(id.audit.ofType("auth.login.succeeded")).hasSize(1);
    assertThat(id.audit.ofType("auth.sso"))
        .singleElement()
        .satisfies(e -> {
          assertThat(e.actor().clientId()).isEqualTo("kitchen");
          assertThat(e.target()).startsWith("user:");
          assertThat(e.details()).containsEntry("amr", "pwd");
        });
  }

  @Test
  void sessionCookieIsHostPrefixedSecureHttpOnlyLaxAndOpaque() throws Exception {
    HttpResponse<String> page = authorize("shop");
    String setCookie =
        signIn(page).headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith("__Host-bulwark-session="))
            .findFirst()
            .orElseThrow();

    assertThat(setCookie)
        .contains("Secure")
        .contains("HttpOnly")
        .containsIgnoringCase("SameSite=Lax")
        .contains("Path=/")
        .doesNotContainIgnoringCase("Domain=")
        .doesNotContain(alice.id())
        .doesNotContain("alice");
    String value = setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    assertThat(value).matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void promptLoginAndAnExceededMaxAgeAskForThePasswordAgain() throws Exception {
    signedInAtShop();
    id.clock.advance(Duration.ofMinutes(2));

    assertThat(isLoginForm(authorize("kitchen", "prompt", "login"))).isTrue();
    assertThat(isLoginForm(authorize("kitchen", "max_age", "60"))).isTrue();
    assertThat(authorize("kitchen", "max_age", "600").statusCode()).isEqualTo(303);
  }

  @Test
  void promptNoneAnswersLoginRequiredWithoutASessionAndACodeWithOne() throws Exception {
    HttpResponse<String> without = authorize("shop", "prompt", "none");
    assertThat(without.statusCode()).isEqualTo(303);
    assertThat(Browser.redirectParams(without)).containsEntry("error", "login_required");

    signedInAtShop();
    HttpResponse<String> with = authorize("kitchen", "prompt", "none");
    assertThat(Browser.redirectParams(with)).containsKey("code").doesNotContainKey("error");
  }

  @Test
  void sessionEndsAfterItsIdleLimit() throws Exception {
    signedInAtShop();
    id.clock.advance(Duration.ofMinutes(31));

    assertThat(isLoginForm(authorize("kitchen"))).isTrue();
  }

  @Test
  void sessionEndsAtItsAbsoluteLimitEvenWhenUsed() throws Exception {
    signedInAtShop();
    for (int i = 0; i < 16; i++) {
      id.clock.advance(Duration.ofMinutes(29));
      assertThat(authorize("kitchen").statusCode()).isEqualTo(303);
    }
    id.clock.advance(Duration.ofMinutes(29));

    assertThat(isLoginForm(authorize("kitchen"))).isTrue();
  }

  @Test
  void logoutEndsTheSessionAndItsCookie() throws Exception {
    String idToken = signedInAtShop();

    HttpResponse<String> out =
        browser.send(
            HttpRequest.newBuilder(
                    URI.create(
                        id.url("/oauth2/logout") + "?" + form(params("id_token_hint", idToken))))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(out.statusCode()).isEqualTo(200);
    assertThat(out.headers().allValues("Set-Cookie"))
        .anySatisfy(c ->
            assertThat(c)
                .startsWith("__Host-bulwark-session=;")
                .contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT"));
    assertThat(isLoginForm(authorize("kitchen"))).isTrue();
  }

  @Test
  void disablingTheUserEndsTheSessionEvenIfReEnabled() throws Exception {
    signedInAtShop();

    id.server.users().disable(alice.id());
    id.server.users().enable(alice.id());

    assertThat(isLoginForm(authorize("kitchen"))).isTrue();
  }
}
