package io.bulwark.identity.oauth;

import static io.bulwark.identity.TestIdentity.basic;
import static io.bulwark.identity.TestIdentity.form;
import static io.bulwark.identity.TestIdentity.json;
import static io.bulwark.identity.TestIdentity.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.identity.Browser;
import io.bulwark.identity.TestIdentity;
import io.bulwark.identity.client.ClientRegistry;
import io.bulwark.identity.store.RegisteredClient.AuthMethod;
import io.bulwark.identity.store.UserAccount;
import io.bulwark.sdk.token.VerifiedToken;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CodeFlowTest {
  static final String PASSWORD = "correct horse battery staple";

  @TempDir Path dir;
  TestIdentity id;
  String webSecret;
  String gatewaySecret;
  UserAccount alice;

  @BeforeEach
  void start() throws Exception {
    id = new TestIdentity(dir, c -> c.withRefreshTtls(Duration.ofHours(1), Duration.ofHours(3)));
    webSecret =
        id.secretClient(
            "web",
            Set.of("authorization_code", "refresh_token"),
            Set.of("openid", "orders:read", "orders:write"),
            List.of("orders"));
    gatewaySecret =
        id.secretClient(
            "gateway",
            Set.of("client_credentials"),
            Set.of("revocations:read"),
            List.of("identity"));
    alice =
        id.server
            .users()
            .create(
                "alice",
                PASSWORD,
                List.of("customer"),
                List.of("staff"),
                Map.of("tenant", "bakery", "dept", "sales"));
  }

  @AfterEach
  void stop() {
    id.close();
  }

  private HttpResponse<String> redeem(String code, Browser browser) throws Exception {
    return id.post(
        "/oauth2/token",
        basic("web", webSecret),
        form(
            params(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                "https://app.example/cb",
                "code_verifier",
                browser.verifier.getValue())));
  }

  private JsonNode login(Browser browser) throws Exception {
    Map<String, String> redirect = browser.signIn("web", "openid orders:read", "alice", PASSWORD);
    HttpResponse<String> tokens = redeem(redirect.get("code"), browser);
    assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    return json(tokens);
  }

  private HttpResponse<String> refresh(String refreshToken, String scope) throws Exception {
    Map<String, String> p = params("grant_type", "refresh_token", "refresh_token", refreshToken);
    if (scope != null) {
      p.put("scope", scope);
    }
    return id.post("/oauth2/token", basic("web", webSecret), form(p));
  }

  private boolean active(String token) throws Exception {
    return json(id.post(
            "/oauth2/introspect", basic("gateway", gatewaySecret), form(params("token", token))))
        .get("active")
        .asBoolean();
  }

  @Test
  void completesTheCodeFlowWithPkceAndIssuesAccessIdAndRefreshTokens() throws Exception {
    Browser browser = new Browser(id);
    HttpResponse<String> page = browser.authorize(browser.query("web", "openid orders:read"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'", "frame-ancestors 'none'")
        .doesNotContain("script-src");
    assertThat(page.body())
        .contains("<label for=\"username\">", "<label for=\"password\">")
        .doesNotContain("<script");

    HttpResponse<String> signedIn =
        browser.submit("/login", "username", "alice", "password", PASSWORD);
    assertThat(signedIn.statusCode()).isEqualTo(303);
    Map<String, String> redirect = Browser.redirectParams(signedIn);
    assertThat(redirect.get("_location")).isEqualTo("https://app.example/cb");
    assertThat(redirect)
        .containsEntry("state", "st-1")
        .containsEntry("iss", id.server.issuer().toString());

    JsonNode tokens = json(redeem(redirect.get("code"), browser));
    VerifiedToken access = id.verifier("orders").verify(tokens.get("access_token").asText());
    assertThat(access.subject()).isEqualTo(alice.id());
    assertThat(access.roles()).containsExactly("customer");
    assertThat(access.scopes()).containsExactlyInAnyOrder("openid", "orders:read");
    assertThat(access.claims())
        .containsEntry("tenant", "bakery")
        .containsEntry("dept", "sales")
        .containsKey("sid");
    assertThat(tokens.get("refresh_token").asText()).hasSizeGreaterThan(40);

    JWTClaimsSet idToken = SignedJWT.parse(tokens.get("id_token").asText()).getJWTClaimsSet();
    assertThat(idToken.getIssuer()).isEqualTo(id.server.issuer().toString());
    assertThat(idToken.getAudience()).containsExactly("web");
    assertThat(idToken.getSubject()).isEqualTo(alice.id());
    assertThat(idToken.getStringClaim("nonce")).isEqualTo("n-1");
    assertThat(idToken.getStringClaim("sid")).isEqualTo(access.claims().get("sid"));
    assertThat(idToken.getClaim("auth_time")).isNotNull();
    assertThat(id.audit.ofType("auth.login.succeeded")).hasSize(1);
  }

  @Test
  void userinfoAnswersForAnOpenidToken() throws Exception {
    JsonNode tokens = login(new Browser(id));
    HttpResponse<String> info =
        id.get("/userinfo", "Bearer " + tokens.get("access_token").asText());
    assertThat(info.statusCode()).isEqualTo(200);
    JsonNode body = json(info);
    assertThat(body.get("sub").asText()).isEqualTo(alice.id());
    assertThat(body.get("preferred_username").asText()).isEqualTo("alice");
    assertThat(body.get("tenant").asText()).isEqualTo("bakery");
    HttpResponse<String> anonymous = id.get("/userinfo", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://evil.example/cb",
        "https://app.example/cb/../evil",
        "https://app.example/cb?next=https://evil.example",
        "https://app.example/cb#x",
        "https://app.example.evil.example/cb",
        "https://APP.example/cb",
        "http://app.example/cb",
        "https://app.example/cb/"
      })
  void anUnregisteredRedirectUriIsShownOnAPageAndNeverRedirected(String redirectUri)
      throws Exception {
    Browser browser = new Browser(id);
    Map<String, String> query = browser.query("web", "openid");
    query.put("redirect_uri", redirectUri);
    HttpResponse<String> response = browser.authorize(query);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Location")).isEmpty();
    assertThat(response.body())
        .contains("redirect URI is not registered")
        .doesNotContain("evil.example");
  }

  @Test
  void anUnknownClientOrMissingRedirectUriIsAPageToo() throws Exception {
    Browser browser = new Browser(id);
    Map<String, String> unknown = browser.query("ghost", "openid");
    assertThat(browser.authorize(unknown).statusCode()).isEqualTo(400);
    Map<String, String> missing = browser.query("web", "openid");
    missing.remove("redirect_uri");
    HttpResponse<String> response = browser.authorize(missing);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void missingPkceIsRedirectedBackAsInvalidRequest() throws Exception {
    Browser browser = new Browser(id);
    Map<String, String> query = browser.query("web", "openid");
    query.remove("code_challenge");
    query.remove("code_challenge_method");
    HttpResponse<String> response = browser.authorize(query);
    assertThat(response.statusCode()).isEqualTo(303);
    Map<String, String> back = Browser.redirectParams(response);
    assertThat(back).containsEntry("error", "invalid_request").containsEntry("state", "st-1");
    assertThat(back.get("_location")).isEqualTo("https://app.example/cb");
  }

  @Test
  void plainPkceIsRejected() throws Exception {
    Browser browser = new Browser(id);
    Map<String, String> query = browser.query("web", "openid");
    query.put("code_challenge_method", "plain");
    query.put("code_challenge", browser.verifier.getValue());
    Map<String, String> back = Browser.redirectParams(browser.authorize(query));
    assertThat(back.get("error")).isEqualTo("invalid_request");
    assertThat(back.get("error_description")).contains("S256");
  }

  @Test
  void scopeBeyondTheClientsAndOtherResponseTypesAreRedirectedErrors() throws Exception {
    Browser browser = new Browser(id);
    assertThat(
            Browser.redirectParams(browser.authorize(browser.query("web", "openid admin")))
                .get("error"))
        .isEqualTo("invalid_scope");
    Map<String, String> token = browser.query("web", "openid");
    token.put("response_type", "token");
    assertThat(Browser.redirectParams(browser.authorize(token)).get("error"))
        .isEqualTo("unsupported_response_type");
  }

  @Test
  void oversizedParametersAreRefused() throws Exception {
    Browser browser = new Browser(id);
    Map<String, String> longState = browser.query("web", "openid");
    longState.put("state", "s".repeat(600));
    assertThat(Browser.redirectParams(browser.authorize(longState)).get("error"))
        .isEqualTo("invalid_request");
    Map<String, String> huge = browser.query("web", "openid");
    huge.put("nonce", "n".repeat(9000));
    HttpResponse<String> response = browser.authorize(huge);
    assertThat(response.statusCode()).isIn(400, 414, 431);
    assertThat(response.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void theCodeExchangeMayNarrowTheAudienceButNotWidenIt() throws Exception {
    String multiSecret =
        id.secretClient("multi", Set.of("authorization_code"), Set.of("openid"), List.of("a", "b"));
    Browser browser = new Browser(id);
    Map<String, String> narrow = browser.signIn("multi", "openid", "alice", PASSWORD);
    JsonNode tokens =
        json(redeemAs("multi", multiSecret, narrow.get("code"), browser, "audience", "b"));
    JWTClaimsSet access = SignedJWT.parse(tokens.get("access_token").asText()).getJWTClaimsSet();
    assertThat(access.getAudience()).containsExactly("b");

    Browser second = new Browser(id);
    Map<String, String> wide = second.signIn("multi", "openid", "alice", PASSWORD);
    HttpResponse<String> refused =
        redeemAs("multi", multiSecret, wide.get("code"), second, "audience", "orders");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(json(refused).get("error").asText()).isEqualTo("invalid_target");
  }

  private HttpResponse<String> redeemAs(
      String client, String secret, String code, Browser browser, String... extra)
      throws Exception {
    Map<String, String> p =
        params(
            "grant_type",
            "authorization_code",
            "code",
            code,
            "redirect_uri",
            "https://app.example/cb",
            "code_verifier",
            browser.verifier.getValue());
    p.putAll(params(extra));
    return id.post("/oauth2/token", basic(client, secret), form(p));
  }

  @Test
  void aWrongCodeVerifierIsInvalidGrant() throws Exception {
    Browser browser = new Browser(id);
    Map<String, String> redirect = browser.signIn("web", "openid", "alice", PASSWORD);
    Browser other = new Browser(id);
    HttpResponse<String> response = redeem(redirect.get("code"), other);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void aMissingCodeVerifierIsRejected() throws Exception {
    Browser browser = new Browser(id);
    Map<String, String> redirect = browser.signIn("web", "openid", "alice", PASSWORD);
    HttpResponse<String> response =
        id.post(
            "/oauth2/token",
            basic("web", webSecret),
            form(
                params(
                    "grant_type",
                    "authorization_code",
                    "code",
                    redirect.get("code"),
                    "redirect_uri",
                    "https://app.example/cb")));
    assertThat(json(response).get("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void aDifferentRedirectUriAtTheTokenEndpointIsInvalidGrant() throws Exception {
    Browser browser = new Browser(id);
    Map<String, String> redirect = browser.signIn("web", "openid", "alice", PASSWORD);
    HttpResponse<String> response =
        id.post(
            "/oauth2/token",
            basic("web", webSecret),
            form(
                params(
                    "grant_type",
                    "authorization_code",
                    "code",
                    redirect.get("code"),
                    "redirect_uri",
                    "https://app.example/other",
                    "code_verifier",
                    browser.verifier.getValue())));
    assertThat(json(response).get("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void anExpiredCodeIsInvalidGrant() throws Exception {
    Browser browser = new Browser(id);
    Map<String, String> redirect = browser.signIn("web", "openid", "alice", PASSWORD);
    id.clock.advance(Duration.ofSeconds(61));
    HttpResponse<String> response = redeem(redirect.get("code"), browser);
    assertThat(json(response).get("error").asText()).isEqualTo("invalid_grant");
    assertThat(json(response).get("error_description").asText()).contains("expired");
  }

  @Test
  void aReusedCodeIsRefusedAndRevokesEverythingItIssued() throws Exception {
    Browser browser = new Browser(id);
    Map<String, String> redirect = browser.signIn("web", "openid", "alice", PASSWORD);
    JsonNode first = json(redeem(redirect.get("code"), browser));
    String access = first.get("access_token").asText();
    assertThat(active(access)).isTrue();

    HttpResponse<String> again = redeem(redirect.get("code"), browser);

    assertThat(json(again).get("error").asText()).isEqualTo("invalid_grant");
    assertThat(active(access)).isFalse();
    assertThat(json(refresh(first.get("refresh_token").asText(), null)).get("error").asText())
        .isEqualTo("invalid_grant");
    assertThat(id.audit.ofType("token.code.reused")).hasSize(1);
    JsonNode feed = json(id.get("/revocations", basic("gateway", gatewaySecret)));
    assertThat(feed.get("events").get(0).get("kind").asText()).isEqualTo("sid");
    assertThat(feed.get("events").get(0).get("value").asText())
        .isEqualTo(SignedJWT.parse(access).getJWTClaimsSet().getStringClaim("sid"));
  }

  @Test
  void refreshRotatesTheTokenAndReuseRevokesTheWholeFamily() throws Exception {
    JsonNode tokens = login(new Browser(id));
    String r1 = tokens.get("refresh_token").asText();

    JsonNode rotated = json(refresh(r1, null));
    String r2 = rotated.get("refresh_token").asText();
    assertThat(r2).isNotEqualTo(r1);
    String access2 = rotated.get("access_token").asText();
    assertThat(active(access2)).isTrue();

    HttpResponse<String> replay = refresh(r1, null);

    assertThat(json(replay).get("error").asText()).isEqualTo("invalid_grant");
    assertThat(json(refresh(r2, null)).get("error").asText()).isEqualTo("invalid_grant");
    assertThat(active(access2)).isFalse();
    assertThat(id.audit.ofType("token.refresh.reused"))
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsKey("sid"));
  }

  @Test
  void aRefreshCannotWidenTheScopeButMayNarrowIt() throws Exception {
    JsonNode tokens = login(new Browser(id));
    HttpResponse<String> wider =
        refresh(tokens.get("refresh_token").asText(), "openid orders:read orders:write");
    assertThat(wider.statusCode()).isEqualTo(400);
    assertThat(json(wider).get("error").asText()).isEqualTo("invalid_scope");

    JsonNode tokens2 = login(new Browser(id));
    JsonNode narrower = json(refresh(tokens2.get("refresh_token").asText(), "orders:read"));
    assertThat(narrower.get("scope").asText()).isEqualTo("orders:read");
  }

  @Test
  void refreshTokensSlideButNeverPassTheAbsoluteLimit() throws Exception {
    String token = login(new Browser(id)).get("refresh_token").asText();
    for (int i = 0; i < 3; i++) {
      id.clock.advance(Duration.ofMinutes(50));
      HttpResponse<String> response = refresh(token, null);
      assertThat(response.statusCode()).as("refresh %d", i).isEqualTo(200);
      token = json(response).get("refresh_token").asText();
    }
    id.clock.advance(Duration.ofMinutes(40));
    assertThat(json(refresh(token, null)).get("error").asText()).isEqualTo("invalid_grant");

    String idle = login(new Browser(id)).get("refresh_token").asText();
    id.clock.advance(Duration.ofMinutes(61));
    assertThat(json(refresh(idle, null)).get("error_description").asText()).contains("expired");
  }

  @Test
  void aWrongPasswordShowsTheFormAgainAndIsAudited() throws Exception {
    Browser browser = new Browser(id);
    browser.authorize(browser.query("web", "openid"));
    HttpResponse<String> response =
        browser.submit("/login", "username", "alice", "password", "wrong password!!");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("Wrong user name or password", "role=\"alert\"");
    assertThat(response.headers().firstValue("Location")).isEmpty();
    assertThat(id.audit.ofType("auth.login.failed")).hasSize(1);
  }

  @Test
  void loginCsrfIsRefusedWithoutTheCookieOrWithAWrongToken() throws Exception {
    Browser browser = new Browser(id);
    browser.authorize(browser.query("web", "openid"));
    String cookie = browser.cookie;
    browser.cookie = null;
    HttpResponse<String> noCookie =
        browser.submit("/login", "username", "alice", "password", PASSWORD);
    assertThat(noCookie.statusCode()).isEqualTo(403);

    browser.cookie = cookie;
    browser.hidden.put("csrf", "forged");
    HttpResponse<String> forged =
        browser.submit("/login", "username", "alice", "password", PASSWORD);
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(id.audit.ofType("auth.login.csrf")).hasSize(2);
    assertThat(id.audit.ofType("auth.login.succeeded")).isEmpty();
  }

  @Test
  void aThirdPartyClientAsksForConsentAndDenialGoesBackAsAccessDenied() throws Exception {
    id.server
        .clients()
        .register(
            new ClientRegistry.Registration(
                "partner",
                AuthMethod.CLIENT_SECRET,
                null,
                List.of("https://app.example/cb"),
                Set.of("authorization_code"),
                Set.of("openid"),
                List.of("orders"),
                null,
                false,
                "partner"));
    Browser browser = new Browser(id);
    browser.authorize(browser.query("partner", "openid"));
    HttpResponse<String> consent =
        browser.submit("/login", "username", "alice", "password", PASSWORD);
    assertThat(consent.statusCode()).isEqualTo(200);
    assertThat(consent.body()).contains("Allow access", "partner");
    HttpResponse<String> denied = browser.submit("/consent", "decision", "deny");
    assertThat(Browser.redirectParams(denied)).containsEntry("error", "access_denied");

    Browser again = new Browser(id);
    again.authorize(again.query("partner", "openid"));
    again.submit("/login", "username", "alice", "password", PASSWORD);
    HttpResponse<String> allowed = again.submit("/consent", "decision", "allow");
    assertThat(Browser.redirectParams(allowed)).containsKey("code");
  }

  @Test
  void disablingAUserDeactivatesTheirTokensAndAnnouncesTheSubject() throws Exception {
    JsonNode tokens = login(new Browser(id));
    String access = tokens.get("access_token").asText();

    id.server.users().disable(alice.id());

    assertThat(active(access)).isFalse();
    assertThat(json(refresh(tokens.get("refresh_token").asText(), null)).get("error").asText())
        .isEqualTo("invalid_grant");
    JsonNode feed = json(id.get("/revocations", basic("gateway", gatewaySecret)));
    assertThat(feed.get("events").findValuesAsText("kind")).contains("sub");
    assertThat(feed.get("events").findValuesAsText("value")).contains(alice.id());
    assertThat(new Browser(id).authorize(new Browser(id).query("web", "openid")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void rpInitiatedLogoutRevokesTheSessionAndReturnsOnlyToARegisteredUri() throws Exception {
    JsonNode tokens = login(new Browser(id));
    String idToken = tokens.get("id_token").asText();
    String access = tokens.get("access_token").asText();

    HttpResponse<String> evil =
        id.get(
            "/oauth2/logout?"
                + form(
                    params(
                        "id_token_hint",
                        idToken,
                        "post_logout_redirect_uri",
                        "https://evil.example/")),
            null);
    assertThat(evil.statusCode()).isEqualTo(400);
    assertThat(evil.headers().firstValue("Location")).isEmpty();
    assertThat(active(access)).isTrue();

    HttpResponse<String> out =
        id.get(
            "/oauth2/logout?"
                + form(
                    params(
                        "id_token_hint",
                        idToken,
                        "post_logout_redirect_uri",
                        "https://app.example/cb",
                        "state",
                        "bye")),
            null);
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(out.headers().firstValue("Location")).hasValue("https://app.example/cb?state=bye");
    assertThat(active(access)).isFalse();
    assertThat(json(refresh(tokens.get("refresh_token").asText(), null)).get("error").asText())
        .isEqualTo("invalid_grant");
    assertThat(id.audit.ofType("auth.logout")).hasSize(1);
    assertThat(id.get("/oauth2/logout?id_token_hint=forged", null).statusCode()).isEqualTo(400);
  }
}
