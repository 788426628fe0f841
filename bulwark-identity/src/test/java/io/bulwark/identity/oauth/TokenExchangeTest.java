package io.bulwark.identity.oauth;

import static io.bulwark.identity.TestIdentity.basic;
import static io.bulwark.identity.TestIdentity.form;
import static io.bulwark.identity.TestIdentity.json;
import static io.bulwark.identity.TestIdentity.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.identity.Browser;
import io.bulwark.identity.TestIdentity;
import io.bulwark.identity.store.UserAccount;
import io.bulwark.sdk.token.VerifiedToken;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The bakery's delegation: orders-service swaps a customer's token for a payments token. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TokenExchangeTest {
  static final String EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
  static final String ACCESS = "urn:ietf:params:oauth:token-type:access_token";

  @TempDir Path dir;
  TestIdentity id;
  String ordersSecret;
  String userToken;
  UserAccount alice;

  @BeforeEach
  void start() throws Exception {
    id = new TestIdentity(dir);
    String webSecret =
        id.secretClient(
            "web",
            Set.of("authorization_code"),
            Set.of("openid", "orders:write", "payments:charge"),
            List.of("orders"));
    ordersSecret =
        id.secretClient(
            "orders-service",
            Set.of(EXCHANGE, "client_credentials"),
            Set.of("payments:charge"),
            List.of("payments"),
            "orders");
    alice =
        id.server
            .users()
            .create(
                "alice",
                "correct horse battery staple",
                List.of("customer"),
                List.of(),
                Map.of("tenant", "bakery"));
    Browser browser = new Browser(id);
    Map<String, String> redirect =
        browser.signIn(
            "web", "openid orders:write payments:charge", "alice", "correct horse battery staple");
    userToken =
        json(id.post(
                "/oauth2/token",
                basic("web", webSecret),
                form(
                    params(
                        "grant_type",
                        "authorization_code",
                        "code",
                        redirect.get("code"),
                        "redirect_uri",
                        "https://app.example/cb",
                        "code_verifier",
                        browser.verifier.getValue()))))
            .get("access_token")
            .asText();
  }

  @AfterEach
  void stop() {
    id.close();
  }

  private HttpResponse<String> exchange(String subjectToken, String... extra) throws Exception {
    Map<String, String> p =
        params("grant_type", EXCHANGE, "subject_token", subjectToken, "subject_token_type", ACCESS);
    p.putAll(params(extra));
    return id.post("/oauth2/token", basic("orders-service", ordersSecret), form(p));
  }

  @Test
  void ordersServiceGetsANarrowerPaymentsTokenOnBehalfOfTheUser() throws Exception {
    HttpResponse<String> response =
        exchange(userToken, "audience", "payments", "scope", "payments:charge");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("issued_token_type").asText()).isEqualTo(ACCESS);
    VerifiedToken token = id.verifier("payments").verify(body.get("access_token").asText());
    assertThat(token.subject()).isEqualTo(alice.id());
    assertThat(token.clientId()).isEqualTo("orders-service");
    assertThat(token.audience()).containsExactly("payments");
    assertThat(token.scopes()).containsExactly("payments:charge");
    assertThat(token.roles()).containsExactly("customer");
    assertThat(token.claims())
        .containsEntry("act", Map.of("sub", "orders-service"))
        .containsEntry("tenant", "bakery")
        .containsKey("sid");
    VerifiedToken original = id.verifier("orders").verify(userToken);
    assertThat(token.expiresAt()).isBeforeOrEqualTo(original.expiresAt());
  }

  @Test
  void refusesAScopeTheUserTokenDoesNotCarryOrTheServiceMayNotHave() throws Exception {
    assertThat(
            json(exchange(userToken, "audience", "payments", "scope", "orders:write"))
                .get("error")
                .asText())
        .isEqualTo("invalid_scope");
  }

  @Test
  void refusesAnAudienceTheServiceIsNotRegisteredFor() throws Exception {
    assertThat(json(exchange(userToken, "audience", "vault")).get("error").asText())
        .isEqualTo("invalid_target");
    assertThat(json(exchange(userToken)).get("error").asText()).isEqualTo("invalid_target");
  }

  @Test
  void refusesAnInactiveOrForeignSubjectToken() throws Exception {
    assertThat(json(exchange("garbage", "audience", "payments")).get("error").asText())
        .isEqualTo("invalid_grant");
    String serviceToken = id.clientToken("orders-service", ordersSecret);
    assertThat(json(exchange(serviceToken, "audience", "payments")).get("error").asText())
        .isEqualTo("invalid_grant");
  }

  @Test
  void revokingTheUsersSessionAlsoRevokesTheExchangedToken() throws Exception {
    String exchanged =
        json(exchange(userToken, "audience", "payments")).get("access_token").asText();
    String sid = id.verifier("payments").verify(exchanged).claims().get("sid").toString();
    id.server.revoker().revokeSession(sid);
    String gatewaySecret =
        id.secretClient(
            "gateway",
            Set.of("client_credentials"),
            Set.of("revocations:read"),
            List.of("identity"));
    JsonNode introspection =
        json(
            id.post(
                "/oauth2/introspect",
                basic("gateway", gatewaySecret),
                form(params("token", exchanged))));
    assertThat(introspection.get("active").asBoolean()).isFalse();
  }
}
