package io.bulwark.identity.mtls;

import static io.bulwark.identity.TestIdentity.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.identity.TestIdentity;
import io.bulwark.identity.admin.AdminApi;
import io.bulwark.testkit.TestPki;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registering tls_client_auth clients through the admin API. */
class AdminTlsClientTest {
  @TempDir Path dir;
  TestIdentity id;
  String adminToken;

  @BeforeEach
  void start() throws Exception {
    Path caPem = new TestPki("Client CA").writeCa(dir.resolve("client-ca.pem"));
    id = new TestIdentity(dir, c -> c.withClientCaCertificates(caPem));
    String secret =
        id.secretClient(
            "ops", Set.of("client_credentials"), Set.of(AdminApi.SCOPE), List.of("identity"));
    adminToken = id.clientToken("ops", secret, "scope", AdminApi.SCOPE);
  }

  @AfterEach
  void stop() {
    id.close();
  }

  private HttpResponse<String> register(String fields) throws Exception {
    String body =
        "{\"clientId\":\"svc\",\"grantTypes\":[\"client_credentials\"],"
            + "\"scopes\":[\"payments:charge\"],\"audiences\":[\"payments\"],"
            + fields
            + "}";
    return id.http.send(
        HttpRequest.newBuilder(id.url("/admin/v1/clients"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + adminToken)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void registersATlsClientAuthClientWithASpiffeId() throws Exception {
    HttpResponse<String> response =
        register(
            "\"authMethod\":\"tls_client_auth\","
                + "\"tlsClientAuthSanUri\":\"spiffe://bakery.local/ns/shop/sa/orders\"");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode client = json(response);
    assertThat(client.get("authMethod").asText()).isEqualTo("tls_client_auth");
    assertThat(client.get("tlsClientAuthSanUri").asText())
        .isEqualTo("spiffe://bakery.local/ns/shop/sa/orders");
    assertThat(client.get("tlsClientCertificateBoundAccessTokens").asBoolean()).isTrue();
    assertThat(client.has("clientSecret")).isFalse();
  }

  @Test
  void refusesBadTlsCombinationsWithAProblem() throws Exception {
    Object[][] cases = {
      {"\"authMethod\":\"tls_client_auth\"", "needs exactly one of"},
      {
        "\"authMethod\":\"tls_client_auth\",\"tlsClientAuthSubjectDn\":\"CN=a\","
            + "\"tlsClientAuthSanDns\":\"a.example\"",
        "needs exactly one of"
      },
      {
        "\"authMethod\":\"client_secret_basic\",\"tlsClientAuthSubjectDn\":\"CN=a\"",
        "need authMethod tls_client_auth"
      },
      {
        "\"authMethod\":\"tls_client_auth\",\"tlsClientAuthSubjectDn\":\"not a dn\"",
        "not a distinguished name"
      },
      {
        "\"authMethod\":\"tls_client_auth\",\"tlsClientAuthSanDns\":\"bad name!\"", "not a DNS name"
      },
      {
        "\"authMethod\":\"tls_client_auth\",\"tlsClientAuthSanUri\":\"relative/path\"",
        "absolute URI"
      },
    };
    for (Object[] c : cases) {
      HttpResponse<String> response = register((String) c[0]);
      assertThat(response.statusCode()).as((String) c[0]).isEqualTo(400);
      assertThat(response.headers().firstValue("Content-Type").orElseThrow())
          .contains("problem+json");
      assertThat(json(response).get("detail").asText()).contains((String) c[1]);
    }
    assertThat(id.server.clients().find("svc")).isEmpty();
  }
}
