package io.bulwark.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.cli.dev.DemoCredentials;
import io.bulwark.cli.dev.IdentityClient;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.config.IdentityConfig;
import io.bulwark.core.config.TlsConfig;
import io.bulwark.core.crypto.LocalCa;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.identity.client.ClientSecrets;
import io.bulwark.sdk.token.InvalidTokenException;
import io.bulwark.sdk.token.VerifiedToken;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdentityRoleTest {
  @TempDir Path dataDir;

  private final Clock clock = Clock.systemUTC();
  private final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  private final AuditLog audit =
      new AuditLog() {
        @Override
        public void append(AuditEvent event) {
          events.add(event);
        }

        @Override
        public void close() {}
      };
  private Telemetry telemetry;
  private ListenerTls tls;
  private DemoCredentials demo;
  private IdentityConfig config;

  @BeforeEach
  void setUp() throws Exception {
    telemetry = Telemetry.create("identity-role-test", Optional.empty(), 0.0);
    Path tlsDir = dataDir.resolve("tls");
    tls = ListenerTls.resolve(TlsConfig.defaults(), LocalCa.loadOrCreate(tlsDir, clock), tlsDir);
    demo = DemoCredentials.loadOrCreate(dataDir);
    IdentityConfig d = IdentityConfig.defaults();
    config =
        new IdentityConfig(
            d.host(),
            0,
            d.issuer(),
            d.signingAlgorithm(),
            d.accessTokenTtl(),
            d.idTokenTtl(),
            d.authorizationCodeTtl(),
            d.refreshTokenIdleTtl(),
            d.refreshTokenMaxTtl());
  }

  @AfterEach
  void tearDown() {
    telemetry.close();
  }

  private IdentityRole start() {
    return IdentityRole.start(
        config, dataDir, tls, demo, telemetry, audit, clock, ClientSecrets.generate());
  }

  private static IdentityClient client(IdentityRole role, ListenerTls tls) {
    return new IdentityClient(role.baseUri(), role.issuer(), tls.clientContext());
  }

  @Test
  void aSeededDemoUserSignsInWithTheCodeFlowAndGetsATokenForOneAudience() throws Exception {
    DemoCredentials.User alice = demo.user("alice").orElseThrow();
    try (IdentityRole role = start()) {
      IdentityClient.AccessToken token =
          client(role, tls)
              .authorizationCode(
                  DemoCredentials.CLI_CLIENT_ID,
                  "alice",
                  alice.password(),
                  "openid bakery",
                  "orders");

      IdentityTrust trust = role.trust(tls, clock);
      VerifiedToken verified = trust.forAudience("orders").verify(token.value());
      assertThat(verified.roles()).containsExactly("customer");
      assertThat(verified.claims())
          .containsEntry("tenant", "bakery")
          .containsEntry("preferred_username", "alice")
          .containsEntry("client_id", DemoCredentials.CLI_CLIENT_ID);
      assertThatThrownBy(() -> trust.forAudience("payments").verify(token.value()))
          .isInstanceOf(InvalidTokenException.class);
      assertThat(events).anySatisfy(e -> assertThat(e.type()).isEqualTo("auth.login.succeeded"));
    }
  }

  @Test
  void theLocalCaIsTheClientCaOfTlsClientAuth() throws Exception {
    try (IdentityRole role = start()) {
      var response =
          java.net.http.HttpClient.newBuilder()
              .sslContext(tls.clientContext())
              .build()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          role.baseUri().resolve("/.well-known/openid-configuration"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.body())
          .contains("\"tls_client_auth\"")
          .contains("\"tls_client_certificate_bound_access_tokens\":true");
    }
  }

  @Test
  void theOrdersServiceGetsAPaymentsTokenWithItsDemoSecret() throws Exception {
    DemoCredentials.Client orders =
        demo.clients().stream()
            .filter(c -> c.clientId().equals(DemoCredentials.ORDERS_CLIENT_ID))
            .findFirst()
            .orElseThrow();
    try (IdentityRole role = start()) {
      IdentityClient identity = client(role, tls);
      IdentityClient.AccessToken token =
          identity.clientCredentials(orders.clientId(), orders.clientSecret(), "payments");

      VerifiedToken verified = role.trust(tls, clock).forAudience("payments").verify(token.value());
      assertThat(verified.subject()).isEqualTo(DemoCredentials.ORDERS_CLIENT_ID);
      assertThat(token.expiresIn()).isPositive();
      assertThatThrownBy(() ->
              identity.clientCredentials(orders.clientId(), "wrong-secret-0123456789", "payments"))
          .isInstanceOf(IdentityClient.TokenRequestException.class)
          .hasMessageContaining("invalid_client")
          .hasMessageNotContaining("wrong-secret");
    }
  }

  @Test
  void aWrongPasswordFailsClearlyWithoutEchoingItAndIsAudited() {
    try (IdentityRole role = start()) {
      assertThatThrownBy(() ->
              client(role, tls)
                  .authorizationCode(
                      DemoCredentials.CLI_CLIENT_ID,
                      "bob",
                      "definitely-not-bobs-password",
                      "openid",
                      "orders"))
          .isInstanceOf(IdentityClient.TokenRequestException.class)
          .hasMessageContaining("sign-in as bob failed")
          .hasMessageNotContaining("definitely-not-bobs-password");
      assertThat(events)
          .filteredOn(e -> e.type().equals("auth.login.failed"))
          .singleElement()
          .satisfies(e -> assertThat(e.target()).isEqualTo("user:bob"));
    }
  }

  @Test
  void aSecondStartReusesTheSeededUsersAndClients() throws Exception {
    DemoCredentials.User carol = demo.user("carol").orElseThrow();
    try (IdentityRole first = start()) {
      assertThat(first.issuer()).startsWith("https://");
    }
    try (IdentityRole second = start()) {
      IdentityClient.AccessToken token =
          client(second, tls)
              .authorizationCode(
                  DemoCredentials.CLI_CLIENT_ID,
                  "carol",
                  carol.password(),
                  "openid audit:read",
                  "audit");
      assertThat(second.trust(tls, clock).forAudience("audit").verify(token.value()).roles())
          .containsExactly("admin");
    }
  }
}
