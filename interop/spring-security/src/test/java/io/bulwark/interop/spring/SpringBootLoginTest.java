package io.bulwark.interop.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.identity.store.UserAccount;
import io.bulwark.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot web app with {@code oauth2Login()} against Bulwark, configured by {@code
 * issuer-uri} discovery, signs a user in through the authorization code flow with PKCE, driven by
 * an HTTP client that behaves as a browser (cookies, redirects, the login form with its CSRF
 * field).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpringBootLoginTest {
  BulwarkIdentity id;
  ConfigurableApplicationContext app;
  String appUrl;
  UserAccount alice;

  /**
   * The web app, configured by properties alone: Spring Boot's default security for a registered
   * OAuth2 client makes every page need a signed-in user ({@code oauth2Login}); {@code /me} shows
   * who it is. Spring Security 7 sends PKCE for this confidential client without being told to.
   */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @RestController
  static class WebApp {
    static final List<AuthenticationException> FAILURES = new CopyOnWriteArrayList<>();

    /** Publishes every failed sign-in (Spring publishes only mapped exception types by default). */
    @Bean
    AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher events) {
      DefaultAuthenticationEventPublisher publisher =
          new DefaultAuthenticationEventPublisher(events);
      publisher.setDefaultAuthenticationFailureEvent(
          AuthenticationFailureBadCredentialsEvent.class);
      return publisher;
    }

    @Bean
    ApplicationListener<AbstractAuthenticationFailureEvent> recordFailures() {
      return event -> FAILURES.add(event.getException());
    }

    @GetMapping("/me")
    String me(@AuthenticationPrincipal OidcUser user) {
      return "name="
          + user.getName()
          + "\nsub="
          + user.getSubject()
          + "\nnonce="
          + user.getIdToken().getNonce()
          + "\niss="
          + user.getIdToken().getIssuer()
          + "\naud="
          + user.getIdToken().getAudience();
    }
  }

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    id = new BulwarkIdentity(dir);
    char[] password = "changeit".toCharArray();
    Path trustStore = id.writeTrustStore(dir.resolve("bulwark-ca.p12"), password);
    System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
    System.setProperty("javax.net.ssl.trustStorePassword", new String(password));
    System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");

    int port = FreePorts.next();
    appUrl = "http://127.0.0.1:" + port;
    String secret =
        id.secretClient(
            "spring-web",
            List.of(appUrl + "/login/oauth2/code/bulwark"),
            Set.of("authorization_code", "refresh_token"),
            Set.of("openid", "profile"),
            List.of("orders"));
    alice = id.user("alice");
    id.user("bob");

    String registration = "spring.security.oauth2.client.registration.bulwark.";
    String provider = "spring.security.oauth2.client.provider.bulwark.";
    app =
        new SpringApplicationBuilder(WebApp.class)
            .properties(
                Map.of(
                    "server.address",
                    "127.0.0.1",
                    "server.port",
                    Integer.toString(port),
                    "spring.main.banner-mode",
                    "off",
                    registration + "client-id",
                    "spring-web",
                    registration + "client-secret",
                    secret,
                    registration + "client-authentication-method",
                    "client_secret_basic",
                    registration + "authorization-grant-type",
                    "authorization_code",
                    registration + "scope",
                    "openid,profile",
                    provider + "issuer-uri",
                    id.issuer(),
                    provider + "user-name-attribute",
                    "preferred_username"))
            .run();
  }

  @AfterAll
  void stop() {
    if (app != null) {
      app.close();
    }
    if (id != null) {
      id.close();
    }
  }

  @Test
  void signsInThroughBulwarkWithPkceAndShowsTheUser() throws Exception {
    Browser browser = new Browser(id.sslContext());

    HttpResponse<String> loginPage = browser.open(URI.create(appUrl + "/me"));

    assertThat(loginPage.statusCode()).isEqualTo(200);
    assertThat(loginPage.uri().toString()).startsWith(id.issuer() + "/oauth2/authorize?");
    assertThat(loginPage.body()).contains("name=\"username\"", "name=\"password\"");
    URI authorize = loginPage.uri();
    String query = authorize.getRawQuery();
    assertThat(
            SpringBootResourceServerTest.queryParam(authorize.toString(), "code_challenge_method"))
        .isEqualTo("S256");
    assertThat(SpringBootResourceServerTest.queryParam(authorize.toString(), "client_id"))
        .isEqualTo("spring-web");
    assertThat(query).contains("code_challenge=", "state=");
    String nonce = SpringBootResourceServerTest.queryParam(authorize.toString(), "nonce");

    HttpResponse<String> me =
        browser.submit(
            loginPage, Map.of("username", "alice", "password", BulwarkIdentity.PASSWORD));

    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    assertThat(me.uri().toString()).startsWith(appUrl + "/me");
    assertThat(browser.visited)
        .anyMatch(u -> u.toString().startsWith(appUrl + "/login/oauth2/code/bulwark?code="));
    assertThat(me.body())
        .isEqualTo(
            "name=alice\nsub="
                + alice.id()
                + "\nnonce="
                + nonce
                + "\niss="
                + id.issuer()
                + "\naud=[spring-web]");
    assertThat(id.auditTypes()).contains("auth.login.succeeded");

    HttpResponse<String> again = browser.open(URI.create(appUrl + "/me"));
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.uri().toString()).isEqualTo(appUrl + "/me");
  }

  @Test
  void aWrongPasswordLeavesTheUserOnBulwarksLoginPageAndTheAppSignedOut() throws Exception {
    Browser browser = new Browser(id.sslContext());
    HttpResponse<String> loginPage = browser.open(URI.create(appUrl + "/me"));

    HttpResponse<String> again =
        browser.submit(loginPage, Map.of("username", "bob", "password", "not the password at all"));

    assertThat(again.uri().toString()).startsWith(id.issuer());
    assertThat(again.body()).contains("name=\"password\"");
    assertThat(browser.visited).noneMatch(u -> u.toString().startsWith(appUrl + "/login/oauth2"));
    HttpResponse<String> me = browser.open(URI.create(appUrl + "/me"));
    assertThat(me.uri().toString()).startsWith(id.issuer() + "/oauth2/authorize?");
  }

  @Test
  void theAppRefusesAnAuthorizationResponseItDidNotAskForInThisBrowser() throws Exception {
    Browser victim = new Browser(id.sslContext());
    Browser attacker = new Browser(id.sslContext());
    attacker.stopBefore = appUrl + "/login/oauth2/code/";
    HttpResponse<String> attackerLogin = attacker.open(URI.create(appUrl + "/me"));
    HttpResponse<String> callback =
        attacker.submit(
            attackerLogin, Map.of("username", "bob", "password", BulwarkIdentity.PASSWORD));
    String location = callback.headers().firstValue("Location").orElseThrow();

    HttpResponse<String> landed = victim.open(URI.create(location));

    // Spring finds no authorization request for this state in the victim's session.
    assertThat(landed.uri().toString()).startsWith(appUrl + "/login?error");
    HttpResponse<String> me = victim.open(URI.create(appUrl + "/me"));
    assertThat(me.uri().toString()).startsWith(id.issuer() + "/oauth2/authorize?");
  }

  @Test
  void theAppRefusesAnIdTokenWhoseNonceIsNotTheOneItSent() throws Exception {
    Browser browser = new Browser(id.sslContext());
    browser.stopBefore = id.issuer() + "/oauth2/authorize";
    HttpResponse<String> toBulwark = browser.open(URI.create(appUrl + "/me"));
    String authorize = toBulwark.headers().firstValue("Location").orElseThrow();
    String nonce = SpringBootResourceServerTest.queryParam(authorize, "nonce");
    String tampered = authorize.replace("nonce=" + nonce, "nonce=chosen-by-someone-else");
    assertThat(tampered).isNotEqualTo(authorize);
    browser.stopBefore = "\u0000";
    HttpResponse<String> loginPage = browser.open(URI.create(tampered));

    HttpResponse<String> landed =
        browser.submit(loginPage, Map.of("username", "bob", "password", BulwarkIdentity.PASSWORD));

    assertThat(browser.visited)
        .anyMatch(u -> u.toString().startsWith(appUrl + "/login/oauth2/code/bulwark?code="));
    assertThat(landed.uri().toString()).startsWith(appUrl + "/login?error");
    assertThat(WebApp.FAILURES)
        .last()
        .isInstanceOfSatisfying(
            OAuth2AuthenticationException.class,
            e -> assertThat(e.getError().getErrorCode()).isEqualTo("invalid_nonce"));
    // Not signed in to the app: it sends the browser to Bulwark again (where the browser's
    // single sign-on session would now sign it in without the form).
    browser.stopBefore = id.issuer() + "/oauth2/authorize";
    HttpResponse<String> me = browser.open(URI.create(appUrl + "/me"));
    assertThat(me.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).startsWith(id.issuer() + "/oauth2/authorize?"));
  }
}
