package io.bulwark.identity.oauth;

import static io.bulwark.identity.TestIdentity.basic;
import static io.bulwark.identity.TestIdentity.form;
import static io.bulwark.identity.TestIdentity.json;
import static io.bulwark.identity.TestIdentity.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.bulwark.identity.TestIdentity;
import io.bulwark.identity.client.ClientRegistry;
import io.bulwark.identity.store.RegisteredClient.AuthMethod;
import io.bulwark.sdk.token.VerifiedToken;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientCredentialsGrantTest {
  @TempDir Path dir;
  TestIdentity id;
  String secret;

  @BeforeEach
  void start() throws Exception {
    id = new TestIdentity(dir);
    secret =
        id.secretClient(
            "orders-service",
            Set.of("client_credentials"),
            Set.of("payments:charge", "revocations:read"),
            List.of("payments", "catalog"));
  }

  @AfterEach
  void stop() {
    id.close();
  }

  private HttpResponse<String> token(String authorization, String... params) throws Exception {
    return id.post("/oauth2/token", authorization, form(params(params)));
  }

  @Test
  void issuesAnRfc9068AccessTokenToAClientUsingBasicAuth() throws Exception {
    HttpResponse<String> response =
        token(
            basic("orders-service", secret),
            "grant_type",
            "client_credentials",
            "scope",
            "payments:charge",
            "audience",
            "payments");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode body = json(response);
    assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(body.get("expires_in").asLong()).isEqualTo(300);
    assertThat(body.has("refresh_token")).isFalse();
    String token = body.get("access_token").asText();
    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("at+jwt"));
    VerifiedToken verified = id.verifier("payments").verify(token);
    assertThat(verified.subject()).isEqualTo("orders-service");
    assertThat(verified.clientId()).isEqualTo("orders-service");
    assertThat(verified.scopes()).containsExactly("payments:charge");
    assertThat(verified.audience()).containsExactly("payments");
    assertThat(verified.jwtId()).isNotBlank();
    assertThat(verified.expiresAt()).isEqualTo(verified.issuedAt().plusSeconds(300));
    assertThat(id.audit.ofType("token.issued"))
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("jti", verified.jwtId()));
  }

  @Test
  void acceptsClientSecretPost() throws Exception {
    HttpResponse<String> response =
        token(
            null,
            "grant_type",
            "client_credentials",
            "client_id",
            "orders-service",
            "client_secret",
            secret);
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void wrongSecretWithBasicIsInvalidClient401WithChallengeAndAudited() throws Exception {
    HttpResponse<String> response =
        token(basic("orders-service", secret + "x"), "grant_type", "client_credentials");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("Basic realm=\"bulwark\"");
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/json");
    assertThat(json(response).get("error").asText()).isEqualTo("invalid_client");
    assertThat(response.body()).doesNotContain(secret);
    assertThat(id.audit.ofType("auth.client.failed"))
        .singleElement()
        .satisfies(e -> assertThat(e.reason()).isEqualTo("wrong secret"));
    assertThat(id.audit.ofType("token.issued")).isEmpty();
  }

  @Test
  void wrongSecretWithPostIsInvalidClient() throws Exception {
    HttpResponse<String> response =
        token(
            null,
            "grant_type",
            "client_credentials",
            "client_id",
            "orders-service",
            "client_secret",
            "nope");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).get("error").asText()).isEqualTo("invalid_client");
  }

  @Test
  void unknownAndDisabledClientsAreInvalidClient() throws Exception {
    assertThat(
            json(token(basic("ghost", secret), "grant_type", "client_credentials"))
                .get("error")
                .asText())
        .isEqualTo("invalid_client");
    id.db.clients().setDisabled("orders-service", true);
    HttpResponse<String> disabled =
        token(basic("orders-service", secret), "grant_type", "client_credentials");
    assertThat(disabled.statusCode()).isEqualTo(401);
    assertThat(id.audit.ofType("auth.client.failed"))
        .extracting(e -> e.reason())
        .containsExactly("unknown client", "client disabled");
  }

  @Test
  void missingClientAuthenticationIsInvalidClient() throws Exception {
    HttpResponse<String> response = token(null, "grant_type", "client_credentials");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).get("error").asText()).isEqualTo("invalid_client");
  }

  @Test
  void scopeBeyondTheRegisteredOnesIsInvalidScope() throws Exception {
    HttpResponse<String> response =
        token(
            basic("orders-service", secret),
            "grant_type",
            "client_credentials",
            "scope",
            "payments:charge admin");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").asText()).isEqualTo("invalid_scope");
    assertThat(id.audit.ofType("token.failed")).hasSize(1);
  }

  @Test
  void audienceTheClientIsNotRegisteredForIsInvalidTarget() throws Exception {
    HttpResponse<String> response =
        token(
            basic("orders-service", secret),
            "grant_type",
            "client_credentials",
            "audience",
            "vault");
    assertThat(json(response).get("error").asText()).isEqualTo("invalid_target");
  }

  @Test
  void aGrantTheClientIsNotRegisteredForIsUnauthorizedClient() throws Exception {
    String webSecret =
        id.secretClient("web", Set.of("authorization_code"), Set.of("openid"), List.of("orders"));
    HttpResponse<String> response =
        token(basic("web", webSecret), "grant_type", "client_credentials");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").asText()).isEqualTo("unauthorized_client");
  }

  @Test
  void unknownGrantTypeIsUnsupportedGrantType() throws Exception {
    HttpResponse<String> response =
        token(
            basic("orders-service", secret),
            "grant_type",
            "password",
            "username",
            "a",
            "password",
            "b");
    assertThat(json(response).get("error").asText())
        .isIn("unsupported_grant_type", "unauthorized_client");
  }

  @Test
  void malformedRequestsAreInvalidRequestInOAuthFormatNeverProblemJson() throws Exception {
    HttpResponse<String> missingGrant = token(basic("orders-service", secret), "scope", "x");
    assertThat(missingGrant.statusCode()).isEqualTo(400);
    assertThat(json(missingGrant).get("error").asText()).isEqualTo("invalid_request");

    HttpResponse<String> repeated =
        id.post(
            "/oauth2/token",
            basic("orders-service", secret),
            "grant_type=client_credentials&grant_type=client_credentials");
    assertThat(json(repeated).get("error").asText()).isEqualTo("invalid_request");

    HttpResponse<String> oversized =
        token(
            basic("orders-service", secret),
            "grant_type",
            "client_credentials",
            "scope",
            "a".repeat(9000));
    assertThat(oversized.statusCode()).isEqualTo(400);
    assertThat(json(oversized).get("error").asText()).isEqualTo("invalid_request");

    var jsonBody =
        id.http.send(
            java.net.http.HttpRequest.newBuilder(id.url("/oauth2/token"))
                .header("Content-Type", "application/json")
                .header("Authorization", basic("orders-service", secret))
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"grant_type\":\"client_credentials\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(jsonBody.statusCode()).isEqualTo(400);
    assertThat(jsonBody.headers().firstValue("Content-Type").orElseThrow())
        .doesNotContain("problem");
    assertThat(json(jsonBody).get("error").asText()).isEqualTo("invalid_request");
  }

  private ECKey registerJwtClient() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).keyID("k1").generate();
    id.server
        .clients()
        .register(
            new ClientRegistry.Registration(
                "jwt-client",
                AuthMethod.PRIVATE_KEY_JWT,
                new JWKSet(key.toPublicJWK()).toString(),
                List.of(),
                Set.of("client_credentials"),
                Set.of("a"),
                List.of("orders"),
                null,
                false,
                "jwt"));
    return key;
  }

  private String assertion(ECKey key, String jti) throws Exception {
    Date exp = Date.from(id.clock.instant().plusSeconds(60));
    JWTAuthenticationClaimsSet claims =
        new JWTAuthenticationClaimsSet(
            new ClientID("jwt-client"),
            List.of(new Audience(id.url("/oauth2/token").toString())),
            exp,
            null,
            Date.from(id.clock.instant()),
            new com.nimbusds.oauth2.sdk.id.JWTID(jti));
    return new PrivateKeyJWT(claims, JWSAlgorithm.ES256, key.toECPrivateKey(), "k1", null)
        .getClientAssertion()
        .serialize();
  }

  @Test
  void authenticatesPrivateKeyJwtAndRejectsAReplayedAssertion() throws Exception {
    ECKey key = registerJwtClient();
    String assertion = assertion(key, "jti-1");
    String body =
        form(
            params(
                "grant_type",
                "client_credentials",
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion",
                assertion));

    HttpResponse<String> first = id.post("/oauth2/token", null, body);
    HttpResponse<String> replay = id.post("/oauth2/token", null, body);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(id.verifier("orders").verify(json(first).get("access_token").asText()).subject())
        .isEqualTo("jwt-client");
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(json(replay).get("error").asText()).isEqualTo("invalid_client");
    assertThat(id.audit.ofType("auth.client.failed"))
        .extracting(e -> e.reason())
        .containsExactly("assertion replayed");
  }

  @Test
  void rejectsAnAssertionSignedByAnotherKey() throws Exception {
    registerJwtClient();
    ECKey other = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
    HttpResponse<String> response =
        id.post(
            "/oauth2/token",
            null,
            form(
                params(
                    "grant_type",
                    "client_credentials",
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                    "client_assertion",
                    assertion(other, "jti-2"))));
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).get("error").asText()).isEqualTo("invalid_client");
  }

  @Test
  void anOversizedBodyOrWrongMethodIsAnOAuthErrorNotAProblem() throws Exception {
    HttpResponse<String> big =
        id.post(
            "/oauth2/token",
            basic("orders-service", secret),
            "grant_type=client_credentials&x=" + "a".repeat(70_000));
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.headers().firstValue("Content-Type").orElseThrow()).doesNotContain("problem");
    assertThat(json(big).get("error").asText()).isEqualTo("invalid_request");

    HttpResponse<String> get = id.get("/oauth2/token", null);
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(json(get).get("error").asText()).isEqualTo("invalid_request");

    HttpResponse<String> elsewhere = id.get("/nothing-here", null);
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(elsewhere.headers().firstValue("Content-Type").orElseThrow())
        .contains("problem+json");
  }
}
