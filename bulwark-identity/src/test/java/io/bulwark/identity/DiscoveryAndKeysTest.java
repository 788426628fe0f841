package io.bulwark.identity;

import static io.bulwark.identity.TestIdentity.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.sdk.token.InvalidTokenException;
import io.bulwark.sdk.token.VerifiedToken;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DiscoveryAndKeysTest {
  @TempDir Path dir;

  @Test
  void servesOpenIdAndRfc8414MetadataOverTls() throws Exception {
    try (TestIdentity id = new TestIdentity(dir)) {
      HttpResponse<String> oidc = id.get("/.well-known/openid-configuration", null);
      HttpResponse<String> oauth = id.get("/.well-known/oauth-authorization-server", null);

      assertThat(id.server.issuer().getScheme()).isEqualTo("https");
      assertThat(oidc.statusCode()).isEqualTo(200);
      assertThat(oauth.body()).isEqualTo(oidc.body());
      JsonNode m = json(oidc);
      assertThat(m.get("issuer").asText()).isEqualTo(id.server.issuer().toString());
      assertThat(m.get("token_endpoint").asText()).isEqualTo(id.url("/oauth2/token").toString());
      assertThat(m.get("jwks_uri").asText()).isEqualTo(id.url("/jwks").toString());
      assertThat(m.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
      assertThat(m.get("token_endpoint_auth_methods_supported").toString())
          .contains("client_secret_basic", "client_secret_post", "private_key_jwt");
      assertThat(m.get("id_token_signing_alg_values_supported").toString()).contains("RS256");
      assertThat(m.get("introspection_endpoint").asText()).endsWith("/oauth2/introspect");
      assertThat(m.get("revocation_endpoint").asText()).endsWith("/oauth2/revoke");
    }
  }

  @Test
  void jwksHoldsOnlyPublicKeys() throws Exception {
    try (TestIdentity id = new TestIdentity(dir)) {
      JsonNode keys = json(id.get("/jwks", null)).get("keys");
      assertThat(keys).hasSize(1);
      assertThat(keys.get(0).get("kty").asText()).isEqualTo("RSA");
      assertThat(keys.get(0).get("alg").asText()).isEqualTo("RS256");
      assertThat(keys.get(0).has("d")).isFalse();
      assertThat(keys.get(0).has("p")).isFalse();
    }
  }

  @Test
  void rotationSignsWithTheNewKeyAtOnceAndKeepsTheOldOneUntilItsTokensExpire() throws Exception {
    try (TestIdentity id = new TestIdentity(dir)) {
      String secret =
          id.secretClient("svc", Set.of("client_credentials"), Set.of("a"), List.of("orders"));
      String before = id.clientToken("svc", secret);
      String oldKid = SignedJWT.parse(before).getHeader().getKeyID();

      String newKid = id.server.keys().rotate();
      String after = id.clientToken("svc", secret);

      assertThat(SignedJWT.parse(after).getHeader().getKeyID())
          .isEqualTo(newKid)
          .isNotEqualTo(oldKid);
      assertThat(json(id.get("/jwks", null)).findValuesAsText("kid"))
          .containsExactlyInAnyOrder(oldKid, newKid);
      assertThat(id.verifier("orders").verify(before).subject()).isEqualTo("svc");

      id.clock.advance(
          id.server.keys() == null ? Duration.ZERO : Duration.ofMinutes(6).plusSeconds(61));
      id.server.keys().reload();
      assertThat(json(id.get("/jwks", null)).findValuesAsText("kid")).containsExactly(newKid);
    }
  }

  @Test
  void keysSurviveARestart() throws Exception {
    String kid;
    try (TestIdentity id = new TestIdentity(dir)) {
      kid = id.server.keys().currentKeyId();
    }
    try (TestIdentity id = new TestIdentity(dir)) {
      assertThat(id.server.keys().currentKeyId()).isEqualTo(kid);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
  void signsWithTheConfiguredAlgorithmAndAResourceServerAcceptsIt(String alg) throws Exception {
    JWSAlgorithm algorithm = JWSAlgorithm.parse(alg);
    try (TestIdentity id = new TestIdentity(dir, c -> c.withSigningAlgorithm(algorithm))) {
      String secret =
          id.secretClient("svc", Set.of("client_credentials"), Set.of("a"), List.of("orders"));
      String token = id.clientToken("svc", secret);

      assertThat(SignedJWT.parse(token).getHeader().getAlgorithm()).isEqualTo(algorithm);
      VerifiedToken verified = id.verifier("orders").verify(token);
      assertThat(verified.clientId()).isEqualTo("svc");
      assertThatThrownBy(() -> id.verifier("payments").verify(token))
          .isInstanceOf(InvalidTokenException.class);
    }
  }

  @Test
  void changingTheAlgorithmRotatesToAKeyOfThatAlgorithm() throws Exception {
    try (TestIdentity id = new TestIdentity(dir)) {
      assertThat(id.server.keys().algorithm()).isEqualTo(JWSAlgorithm.RS256);
    }
    try (TestIdentity id = new TestIdentity(dir, TestIdentity::es256)) {
      JsonNode keys = json(id.get("/jwks", null)).get("keys");
      assertThat(keys.findValuesAsText("alg")).containsExactlyInAnyOrder("RS256", "ES256");
    }
  }
}
