package io.bulwark.interop.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.bulwark.core.json.Json;
import io.bulwark.identity.store.UserAccount;
import io.bulwark.testkit.FreePorts;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot resource server configured only by properties ({@code issuer-uri} discovery and
 * {@code audiences}), trusting Bulwark's CA through {@code javax.net.ssl.trustStore}, accepts
 * Bulwark's access tokens and rejects tampered, expired and wrong-audience ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpringBootResourceServerTest {
  static final String CALLBACK = "http://127.0.0.1:9/callback";

  BulwarkIdentity id;
  ConfigurableApplicationContext app;
  URI api;
  String ordersSecret;
  String webSecret;
  UserAccount alice;
  HttpClient http;

  /** The resource server: every request needs a valid Bulwark access token for audience orders. */
  @SpringBootConfiguration
  @EnableAutoConfiguration
  @RestController
  static class OrdersApi {
    /**
     * Spring Security 7 accepts only {@code typ: JWT} by default; Bulwark's access tokens are RFC
     * 9068 {@code at+jwt}. Boot adds validator beans to its issuer and audience checks, and one of
     * type {@link JwtTypeValidator} replaces the default {@code typ} check.
     */
    @Bean
    OAuth2TokenValidator<Jwt> rfc9068AccessTokenType() {
      return new JwtTypeValidator("at+jwt");
    }

    @GetMapping("/api/whoami")
    String whoami(@AuthenticationPrincipal Jwt jwt) {
      return "sub=" + jwt.getSubject() + "\nclient_id=" + jwt.getClaimAsString("client_id");
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
    // The JVM reads these once, when its default SSLContext is first used: set them first.
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ordersSecret =
        id.secretClient(
            "orders-job",
            List.of(),
            Set.of("client_credentials"),
            Set.of("orders:read"),
            List.of("orders", "payments"));
    webSecret =
        id.secretClient(
            "web",
            List.of(CALLBACK),
            Set.of("authorization_code"),
            Set.of("openid", "orders:read"),
            List.of("orders"));
    alice = id.user("alice");

    int port = FreePorts.next();
    app =
        new SpringApplicationBuilder(OrdersApi.class)
            .properties(
                Map.of(
                    "server.address", "127.0.0.1",
                    "server.port", Integer.toString(port),
                    "spring.main.banner-mode", "off",
                    "spring.security.oauth2.resourceserver.jwt.issuer-uri", id.issuer(),
                    "spring.security.oauth2.resourceserver.jwt.audiences", "orders"))
            .run();
    api = URI.create("http://127.0.0.1:" + port + "/api/whoami");
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

  private HttpResponse<String> call(String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(api)
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void acceptsAClientCredentialsAccessToken() throws Exception {
    String token = id.clientCredentialsToken("orders-job", ordersSecret, "audience", "orders");

    HttpResponse<String> response = call(token);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("sub=orders-job\nclient_id=orders-job");
  }

  @Test
  void acceptsAnAuthorizationCodeAccessTokenOfTheUser() throws Exception {
    String token = codeFlowAccessToken();

    HttpResponse<String> response = call(token);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("sub=" + alice.id() + "\nclient_id=web");
  }

  @Test
  void rejectsATamperedToken() throws Exception {
    String token = id.clientCredentialsToken("orders-job", ordersSecret, "audience", "orders");
    String[] parts = token.split("\\.");
    Map<String, Object> claims =
        Json.mapper().readValue(Base64.getUrlDecoder().decode(parts[1]), Map.class);
    claims.put("sub", "admin");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Json.mapper().writeValueAsBytes(claims))
            + "."
            + parts[2];

    HttpResponse<String> response = call(forged);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer")
        .contains("invalid_token");
    assertThat(call(token).statusCode()).isEqualTo(200);
  }

  @Test
  void rejectsAnExpiredToken() throws Exception {
    Instant now = id.clock.instant();
    id.clock.set(now.minus(Duration.ofMinutes(10)));
    String expired;
    try {
      expired = id.clientCredentialsToken("orders-job", ordersSecret, "audience", "orders");
    } finally {
      id.clock.set(now);
    }

    HttpResponse<String> response = call(expired);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("invalid_token")
        .contains("expired");
  }

  @Test
  void rejectsATokenForAnotherAudience() throws Exception {
    String payments = id.clientCredentialsToken("orders-job", ordersSecret, "audience", "payments");

    HttpResponse<String> response = call(payments);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("invalid_token")
        .contains("aud");
  }

  @Test
  void rejectsARequestWithoutAToken() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer")
        .doesNotContain("error=");
  }

  /** Signs alice in through Bulwark's login page and redeems the code with PKCE, as an app does. */
  private String codeFlowAccessToken() throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", "web");
    query.put("redirect_uri", CALLBACK);
    query.put("scope", "openid orders:read");
    query.put("state", "s-" + System.nanoTime());
    query.put("nonce", "n-" + System.nanoTime());
    query.put(
        "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
    query.put("code_challenge_method", "S256");
    Browser browser = new Browser(id.sslContext());
    browser.stopBefore = CALLBACK;
    HttpResponse<String> login =
        browser.open(URI.create(id.issuer() + "/oauth2/authorize?" + BulwarkIdentity.form(query)));
    HttpResponse<String> back =
        browser.submit(login, Map.of("username", "alice", "password", BulwarkIdentity.PASSWORD));
    assertThat(back.statusCode()).as(back.body()).isEqualTo(303);
    String code = queryParam(back.headers().firstValue("Location").orElseThrow(), "code");
    HttpResponse<String> tokens =
        id.postToken(
            BulwarkIdentity.basic("web", webSecret),
            BulwarkIdentity.form(
                Map.of(
                    "grant_type",
                    "authorization_code",
                    "code",
                    code,
                    "redirect_uri",
                    CALLBACK,
                    "code_verifier",
                    verifier.getValue())));
    return Json.mapper().readTree(tokens.body()).get("access_token").asText();
  }

  static String queryParam(String url, String name) {
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      if (URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    throw new IllegalStateException(name + " not in " + url);
  }
}
