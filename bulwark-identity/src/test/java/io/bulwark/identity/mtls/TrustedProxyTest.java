package io.bulwark.identity.mtls;

import static io.bulwark.identity.TestIdentity.form;
import static io.bulwark.identity.TestIdentity.params;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.core.audit.AuditEvent;
import io.bulwark.identity.IdentityConfig;
import io.bulwark.identity.TestIdentity;
import io.bulwark.testkit.TestPki;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** X-Forwarded-For counts only from a proxy that proves a trusted name with its certificate. */
class TrustedProxyTest {
  static final String GATEWAY = "dns:gateway.bulwark.internal";

  @TempDir Path dir;
  TestIdentity id;
  TestPki clientCa;

  @BeforeEach
  void start() throws Exception {
    clientCa = new TestPki("Proxy CA");
    Path caPem = clientCa.writeCa(dir.resolve("client-ca.pem"));
    id =
        new TestIdentity(
            dir, c -> c.withClientCaCertificates(caPem).withTrustedProxies(List.of(GATEWAY)));
  }

  @AfterEach
  void stop() {
    id.close();
  }

  private String auditedAddress(HttpClient http, String... forwardedFor) throws Exception {
    int before = id.audit.ofType("auth.client.failed").size();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(id.url("/oauth2/token"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    form(
                        params(
                            "grant_type", "client_credentials",
                            "client_id", "nobody",
                            "client_secret", "wrong"))));
    for (String value : forwardedFor) {
      request.header("X-Forwarded-For", value);
    }
    HttpResponse<String> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(401);
    List<AuditEvent> failures = id.audit.ofType("auth.client.failed");
    assertThat(failures).hasSize(before + 1);
    return failures.get(failures.size() - 1).actor().sourceIp();
  }

  private HttpClient presenting(TestPki.Issued certificate) throws Exception {
    return HttpClient.newBuilder()
        .sslContext(TestPki.clientContext(certificate, TestPki.trusting(id.ca.certificate())))
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void aProxyWithATrustedCertificateNameSetsTheClientAddressFromItsLastForwardedEntry()
      throws Exception {
    HttpClient gateway = presenting(clientCa.issue("CN=gateway", GATEWAY));
    assertThat(auditedAddress(gateway, "203.0.113.7")).isEqualTo("203.0.113.7");
    // A client-sent entry before the proxy's own is not believed.
    assertThat(auditedAddress(gateway, "10.9.9.9, 198.51.100.4")).isEqualTo("198.51.100.4");
    assertThat(auditedAddress(gateway, "10.9.9.9", "2001:db8::1")).isEqualTo("2001:db8::1");
  }

  @Test
  void forwardedForIsIgnoredWithoutACertificateOrWithAnotherName() throws Exception {
    HttpClient plain = id.http;
    assertThat(auditedAddress(plain, "203.0.113.7")).isEqualTo("127.0.0.1");
    HttpClient other = presenting(clientCa.issue("CN=app", "dns:app.example"));
    assertThat(auditedAddress(other, "203.0.113.7")).isEqualTo("127.0.0.1");
    TestPki foreignCa = new TestPki("Foreign CA");
    HttpClient forged = presenting(foreignCa.issue("CN=gateway", GATEWAY));
    assertThat(auditedAddress(forged, "203.0.113.7")).isEqualTo("127.0.0.1");
  }

  @Test
  void aMalformedForwardedEntryFallsBackToThePeerAddress() throws Exception {
    HttpClient gateway = presenting(clientCa.issue("CN=gateway", GATEWAY));
    assertThat(auditedAddress(gateway, "evil.example")).isEqualTo("127.0.0.1");
    assertThat(auditedAddress(gateway, "999.1.1.1")).isEqualTo("127.0.0.1");
    assertThat(auditedAddress(gateway, "1.2.3.4, ")).isEqualTo("127.0.0.1");
  }

  @Test
  void trustedProxiesNeedAClientCaAndWellFormedNames() {
    IdentityConfig base =
        IdentityConfig.defaults(dir.resolve("cert.pem"), dir.resolve("key.pem"))
            .withClientCaCertificates(dir.resolve("client-ca.pem"));
    assertThatThrownBy(() -> base.withTrustedProxies(List.of("gateway")))
        .hasMessageContaining("dns:NAME or uri:URI");
    IdentityConfig withoutCa =
        IdentityConfig.defaults(dir.resolve("cert.pem"), dir.resolve("key.pem"));
    assertThatThrownBy(() -> withoutCa.withTrustedProxies(List.of(GATEWAY)))
        .hasMessageContaining("need clientCaCertificates");
  }
}
