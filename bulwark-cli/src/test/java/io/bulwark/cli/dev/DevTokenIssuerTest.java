package io.bulwark.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.bulwark.sdk.token.InvalidTokenException;
import io.bulwark.sdk.token.TokenVerifier;
import io.bulwark.sdk.token.VerifiedToken;
import io.bulwark.testkit.FakeClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevTokenIssuerTest {
  private static final RSAKey KEY = generate();

  private final FakeClock clock = new FakeClock();
  private final DevTokenIssuer issuer = new DevTokenIssuer(KEY, clock);
  private final DemoCredentials.User alice =
      new DemoCredentials.User("alice", "pw", List.of("customer"), "bakery");

  @Test
  void userTokenIsAnRfc9068AccessTokenTheSdkAccepts() throws Exception {
    String token = issuer.issueForUser(alice, "orders", Duration.ofMinutes(5));

    VerifiedToken verified = verifier("orders").verify(token);

    assertThat(verified.subject()).isEqualTo("alice");
    assertThat(verified.clientId()).isEqualTo(DemoCredentials.CLI_CLIENT_ID);
    assertThat(verified.roles()).containsExactly("customer");
    assertThat(verified.claims()).containsEntry("tenant", "bakery");
    assertThat(verified.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
  }

  @Test
  void serviceTokenCarriesTheServiceClientId() throws Exception {
    String token =
        issuer.issueForService(DemoCredentials.ORDERS_CLIENT_ID, "payments", Duration.ofMinutes(5));

    VerifiedToken verified = verifier("payments").verify(token);

    assertThat(verified.clientId()).isEqualTo(DemoCredentials.ORDERS_CLIENT_ID);
    assertThat(verified.subject()).isEqualTo(DemoCredentials.ORDERS_CLIENT_ID);
  }

  @Test
  void tokenForOneAudienceIsRejectedByAnother() {
    String token = issuer.issueForUser(alice, "orders", Duration.ofMinutes(5));

    assertThatThrownBy(() -> verifier("payments").verify(token))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void refusesLifetimesBeyondTheMaximum() {
    assertThatThrownBy(() -> issuer.issueForUser(alice, "orders", Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> issuer.issueForUser(alice, "orders", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAPublicOnlyKey() {
    assertThatThrownBy(() -> new DevTokenIssuer(KEY.toPublicJWK(), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void cachedServiceTokenIsReusedUntilShortlyBeforeExpiry() {
    CachedServiceToken cached =
        new CachedServiceToken(issuer, DemoCredentials.ORDERS_CLIENT_ID, "payments", clock);
    String first = cached.get();

    clock.advance(Duration.ofMinutes(3));
    assertThat(cached.get()).isEqualTo(first);

    clock.advance(Duration.ofMinutes(1));
    assertThat(cached.get()).isNotEqualTo(first);
  }

  private TokenVerifier verifier(String audience) {
    return TokenVerifier.builder()
        .issuer(DevTokenIssuer.ISSUER)
        .audience(audience)
        .jwkSet(new JWKSet(KEY.toPublicJWK()))
        .clock(clock)
        .build();
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).keyID("test").generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
