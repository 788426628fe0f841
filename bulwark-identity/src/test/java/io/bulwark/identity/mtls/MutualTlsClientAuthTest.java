package io.bulwark.identity.mtls;

import static io.bulwark.identity.TestIdentity.basic;
import static io.bulwark.identity.TestIdentity.form;
import static io.bulwark.identity.TestIdentity.json;
import static io.bulwark.identity.TestIdentity.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.identity.Browser;
import io.bulwark.identity.TestIdentity;
import io.bulwark.identity.client.ClientRegistry;
import io.bulwark.identity.store.RegisteredClient.AuthMethod;
import io.bulwark.identity.store.TlsClientSettings;
import io.bulwark.sdk.token.VerifiedToken;
import io.bulwark.testkit.TestPki;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RFC 8705 tls_client_auth and certificate-bound tokens, over real mutual TLS. */
class MutualTlsClientAuthTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final String SPIFFE_ID = "spiffe://bakery.local/ns/shop/sa/orders";

  @TempDir Path dir;
  TestIdentity id;
  TestPki clientCa;

  @BeforeEach
  void start() throws Exception {
    clientCa = new TestPki("Bakery Client CA");
    Path caPem = clientCa.writeCa(dir.resolve("client-ca.pem"));
    id = new TestIdentity(dir, c -> c.withClientCaCertificates(caPem));
    register("orders-dn", new TlsClientSettings("CN=orders,O=Bakery", null, null, false));
    register("orders-spiffe", new TlsClientSettings(null, null, SPIFFE_ID, false));
  }

  @AfterEach
  void stop() {
    id.close();
  }

  private void register(String clientId, TlsClientSettings tls) {
    id.server
        .clients()
        .register(
            new ClientRegistry.Registration(
                clientId,
                AuthMethod.TLS_CLIENT_AUTH,
                null,
                List.of("https://app.example/cb"),
                Set.of("client_credentials", "authorization_code", "refresh_token"),
                Set.of("openid", "payments:charge"),
                List.of("payments"),
                null,
                true,
                "mtls test",
                tls));
  }

  private HttpClient presenting(TestPki.Issued certificate) throws Exception {
    return HttpClient.newBuilder()
        .sslContext(TestPki.clientContext(certificate, TestPki.trusting(id.ca.certificate())))
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private HttpResponse<String> token(HttpClient http, Map<String, String> form) throws Exception {
    return http.send(
        HttpRequest.newBuilder(id.url("/oauth2/token"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(form)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> clientCredentials(HttpClient http, String clientId)
      throws Exception {
    return token(http, params("grant_type", "client_credentials", "client_id", clientId));
  }

  private static String thumbprint(X509Certificate certificate) throws Exception {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
  }

  @Test
  void certificateWithTheRegisteredSubjectDnGetsATokenBoundToIt() throws Exception {
    TestPki.Issued cert = clientCa.issue("CN=orders,O=Bakery");
    HttpResponse<String> response = clientCredentials(presenting(cert), "orders-dn");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String accessToken = json(response).get("access_token").asText();
    VerifiedToken verified = id.verifier("payments").verify(accessToken);
    assertThat(verified.subject()).isEqualTo("orders-dn");
    assertThat(verified.claims().get("cnf"))
        .isEqualTo(Map.of("x5t#S256", thumbprint(cert.certificate())));
  }

  @Test
  void certificateWithTheRegisteredSpiffeUriSanAuthenticates() throws Exception {
    TestPki.Issued cert = clientCa.issue("CN=whatever", "uri:" + SPIFFE_ID);
    HttpResponse<String> response = clientCredentials(presenting(cert), "orders-spiffe");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    VerifiedToken verified =
        id.verifier("payments").verify(json(response).get("access_token").asText());
    assertThat(verified.claims().get("cnf"))
        .isEqualTo(Map.of("x5t#S256", thumbprint(cert.certificate())));
  }

  @Test
  void certificateWithAnotherSubjectIsAnInvalidClient() throws Exception {
    TestPki.Issued cert = clientCa.issue("CN=payments,O=Bakery", "uri:spiffe://bakery.local/x");
    HttpResponse<String> byDn = clientCredentials(presenting(cert), "orders-dn");
    HttpResponse<String> byUri = clientCredentials(presenting(cert), "orders-spiffe");

    for (HttpResponse<String> response : List.of(byDn, byUri)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(json(response).get("error").asText()).isEqualTo("invalid_client");
    }
    assertThat(id.audit.ofType("auth.client.failed"))
        .anySatisfy(e -> assertThat(e.reason()).contains("subject does not match"));
  }

  @Test
  void certificateFromAnUntrustedCaIsAnInvalidClientButTheHandshakeSucceeds() throws Exception {
    TestPki.Issued forged = new TestPki("Attacker CA").issue("CN=orders,O=Bakery");
    HttpClient http = presenting(forged);

    HttpResponse<String> response = clientCredentials(http, "orders-dn");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).get("error").asText()).isEqualTo("invalid_client");
    // The same connection setup still reaches endpoints that do not need a certificate.
    HttpResponse<String> discovery =
        http.send(
            HttpRequest.newBuilder(id.url("/.well-known/openid-configuration")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(discovery.statusCode()).isEqualTo(200);
  }

  @Test
  void noCertificateIsAnInvalidClient() throws Exception {
    HttpResponse<String> response = clientCredentials(id.http, "orders-dn");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(json(response).get("error").asText()).isEqualTo("invalid_client");
  }

  @Test
  void discoveryAdvertisesTlsClientAuthAndBoundTokens() throws Exception {
    JsonNode metadata = json(id.get("/.well-known/openid-configuration", null));

    assertThat(metadata.get("token_endpoint_auth_methods_supported").toString())
        .contains("\"tls_client_auth\"");
    assertThat(metadata.get("tls_client_certificate_bound_access_tokens").asBoolean()).isTrue();
  }

  @Test
  void introspectionShowsTheConfirmationOfABoundToken() throws Exception {
    TestPki.Issued cert = clientCa.issue("CN=orders,O=Bakery");
    String accessToken =
        json(clientCredentials(presenting(cert), "orders-dn")).get("access_token").asText();
    String rsSecret =
        id.secretClient("payments-rs", Set.of("client_credentials"), Set.of(), List.of("payments"));

    JsonNode answer =
        json(id.post("/oauth2/introspect", basic("payments-rs", rsSecret), "token=" + accessToken));

    assertThat(answer.get("active").asBoolean()).isTrue();
    assertThat(answer.get("cnf").get("x5t#S256").asText())
        .isEqualTo(thumbprint(cert.certificate()));
  }

  @Test
  void secretClientRegisteredForBoundTokensGetsThemBoundToItsCertificate() throws Exception {
    String secret =
        id.server
            .clients()
            .register(
                new ClientRegistry.Registration(
                    "bound-secret",
                    AuthMethod.CLIENT_SECRET,
                    null,
                    List.of(),
                    Set.of("client_credentials"),
                    Set.of("payments:charge"),
                    List.of("payments"),
                    null,
                    true,
                    "bound",
                    new TlsClientSettings(null, null, null, true)))
            .secret()
            .orElseThrow();
    TestPki.Issued selfIssued = new TestPki("Its Own CA").issue("CN=bound-secret");
    HttpResponse<String> withCert =
        presenting(selfIssued)
            .send(
                HttpRequest.newBuilder(id.url("/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", basic("bound-secret", secret))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> withoutCert =
        id.post("/oauth2/token", basic("bound-secret", secret), "grant_type=client_credentials");

    assertThat(withCert.statusCode()).as(withCert.body()).isEqualTo(200);
    VerifiedToken verified =
        id.verifier("payments").verify(json(withCert).get("access_token").asText());
    assertThat(verified.claims().get("cnf"))
        .isEqualTo(Map.of("x5t#S256", thumbprint(selfIssued.certificate())));
    assertThat(withoutCert.statusCode()).isEqualTo(400);
    assertThat(json(withoutCert).get("error").asText()).isEqualTo("invalid_request");
  }

  @Test
  void refreshTokenOfATlsClientWorksOnlyWithTheSameCertificate() throws Exception {
    id.server.users().create("alice", PASSWORD, List.of("customer"), List.of(), Map.of());
    TestPki.Issued cert = clientCa.issue("CN=orders,O=Bakery");
    TestPki.Issued renewed = clientCa.issue("CN=orders,O=Bakery");
    HttpClient owner = presenting(cert);
    Browser browser = new Browser(id);
    Map<String, String> redirect = browser.signIn("orders-dn", "openid", "alice", PASSWORD);

    HttpResponse<String> redeemed =
        token(
            owner,
            params(
                "grant_type", "authorization_code",
                "client_id", "orders-dn",
                "code", redirect.get("code"),
                "redirect_uri", "https://app.example/cb",
                "code_verifier", browser.verifier.getValue()));
    assertThat(redeemed.statusCode()).as(redeemed.body()).isEqualTo(200);
    String refresh = json(redeemed).get("refresh_token").asText();
    VerifiedToken access =
        id.verifier("payments").verify(json(redeemed).get("access_token").asText());
    assertThat(access.claims().get("cnf"))
        .isEqualTo(Map.of("x5t#S256", thumbprint(cert.certificate())));

    Map<String, String> refreshForm =
        params("grant_type", "refresh_token", "client_id", "orders-dn", "refresh_token", refresh);
    HttpResponse<String> otherCert = token(presenting(renewed), refreshForm);
    assertThat(otherCert.statusCode()).as(otherCert.body()).isEqualTo(400);
    assertThat(json(otherCert).get("error").asText()).isEqualTo("invalid_grant");

    HttpResponse<String> sameCert = token(owner, refreshForm);
    assertThat(sameCert.statusCode()).as(sameCert.body()).isEqualTo(200);
    assertThat(
            id.verifier("payments")
                .verify(json(sameCert).get("access_token").asText())
                .claims()
                .get("cnf"))
        .isEqualTo(Map.of("x5t#S256", thumbprint(cert.certificate())));
  }
}
