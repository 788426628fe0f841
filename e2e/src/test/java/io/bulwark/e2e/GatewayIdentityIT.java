package io.bulwark.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity server's public endpoints through the gateway of {@code bulwark up}: discovery, keys
 * and a {@code client_credentials} token come through {@code https://localhost:<gateway>} (issuer
 * unchanged: the identity server's own URL), rate-limited per source address; the admin API does
 * not, whatever the caller sends.
 */
class GatewayIdentityIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private final UpPorts ports = UpPorts.free();

  @Test
  void discoveryKeysAndTokensComeThroughTheGatewayButTheAdminApiDoesNot() throws Exception {
    try (BulwarkUp up = BulwarkUp.start(work, ports)) {
      JsonNode endpoints = up.endpoints();
      Https https = up.https();
      URI gateway = URI.create(endpoints.path("gateway").asText());
      String issuer = endpoints.path("issuer").asText();

      HttpResponse<String> discovery =
          https.get(gateway.resolve("/.well-known/openid-configuration"), null);
      assertThat(discovery.statusCode()).as(discovery.body()).isEqualTo(200);
      JsonNode metadata = JSON.readTree(discovery.body());
      assertThat(metadata.path("issuer").asText()).isEqualTo(issuer);
      assertThat(metadata.path("token_endpoint").asText()).isEqualTo(issuer + "/oauth2/token");
      assertThat(discovery.headers().firstValue("RateLimit-Policy")).isPresent();

      HttpResponse<String> jwks = https.get(gateway.resolve("/jwks"), null);
      assertThat(jwks.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(jwks.body()).path("keys")).isNotEmpty();

      HttpResponse<String> issued =
          https.postForm(
              gateway.resolve("/oauth2/token"),
              "orders-service",
              up.clientSecret("orders-service"),
              Map.of("grant_type", "client_credentials", "audience", "payments"));
      assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
      assertThat(issued.headers().firstValue("RateLimit-Policy")).isPresent();
      JsonNode claims = Jwts.claims(JSON.readTree(issued.body()).path("access_token").asText());
      assertThat(claims.path("iss").asText()).isEqualTo(issuer);
      assertThat(claims.path("sub").asText()).isEqualTo("orders-service");
      assertThat(claims.path("aud").toString()).contains("payments");

      HttpResponse<String> signIn =
          https.get(
              gateway.resolve(
                  "/oauth2/authorize?response_type=code&client_id=bulwark-cli"
                      + "&redirect_uri=http%3A%2F%2F127.0.0.1%2Fbulwark-cli%2Fcallback"
                      + "&scope=openid&state=s1&nonce=n1&code_challenge_method=S256"
                      + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
              null);
      assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(200);
      assertThat(signIn.body()).contains("action=\"/login\"");
      assertThat(signIn.headers().allValues("Set-Cookie"))
          .anySatisfy(cookie -> assertThat(cookie).startsWith("__Host-bulwark-login="));

      HttpResponse<String> wrongSecret =
          https.postForm(
              gateway.resolve("/oauth2/token"),
              "orders-service",
              "not-the-secret",
              Map.of("grant_type", "client_credentials"));
      assertThat(wrongSecret.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(wrongSecret.body()).path("error").asText())
          .isEqualTo("invalid_client");

      String admin = JSON.readTree(issued.body()).path("access_token").asText();
      for (String path : new String[] {"/admin/v1/users", "/admin/v1/clients", "/admin/v1"}) {
        assertThat(https.get(gateway.resolve(path), null).statusCode()).as(path).isEqualTo(404);
        assertThat(https.get(gateway.resolve(path), admin).statusCode()).as(path).isEqualTo(404);
      }
      assertThat(https.postJson(gateway.resolve("/admin/v1/keys/rotate"), admin, "{}").statusCode())
          .isEqualTo(404);
      assertThat(https.get(URI.create(issuer + "/admin/v1/users"), null).statusCode())
          .as("the admin API is still there, at the identity server itself")
          .isEqualTo(401);
    }
  }

  /**
   * Sign-in throttling and audit see the caller's address, not the gateway's: the gateway proves
   * itself to the identity server with the data dir's certificate, so its {@code X-Forwarded-For}
   * counts; a caller going to the identity server directly cannot choose its address with one.
   */
  @Test
  void theIdentityServerSeesTheCallersAddressBehindTheGatewayAndNoSpoofedOne() throws Exception {
    try (BulwarkUp up = BulwarkUp.start(work, ports)) {
      JsonNode endpoints = up.endpoints();
      URI gateway = URI.create(endpoints.path("gateway").asText());
      String issuer = endpoints.path("issuer").asText();
      Https fromOtherLoopback = new Https(up.caCertificate(), InetAddress.getByName("127.0.0.2"));
      Map<String, String> wrongClient =
          Map.of(
              "grant_type", "client_credentials",
              "client_id", "nobody-via-gateway",
              "client_secret", "not-the-secret");
      assertThat(
              fromOtherLoopback
                  .postForm(gateway.resolve("/oauth2/token"), wrongClient)
                  .statusCode())
          .isEqualTo(401);
      Map<String, String> direct = new java.util.HashMap<>(wrongClient);
      direct.put("client_id", "nobody-direct");
      assertThat(
              fromOtherLoopback
                  .postForm(
                      URI.create(issuer + "/oauth2/token"),
                      direct,
                      "X-Forwarded-For",
                      "203.0.113.9")
                  .statusCode())
          .isEqualTo(401);

      List<JsonNode> failures =
          up.auditEvents().stream()
              .filter(e -> e.path("type").asText().equals("auth.client.failed"))
              .toList();
      assertThat(failures)
          .filteredOn(e -> e.toString().contains("nobody-via-gateway"))
          .singleElement()
          .satisfies(e -> assertThat(e.toString()).contains("\"127.0.0.2\""));
      assertThat(failures)
          .filteredOn(e -> e.toString().contains("nobody-direct"))
          .singleElement()
          .satisfies(e ->
              assertThat(e.toString()).contains("\"127.0.0.2\"").doesNotContain("203.0.113.9"));
    }
  }
}
