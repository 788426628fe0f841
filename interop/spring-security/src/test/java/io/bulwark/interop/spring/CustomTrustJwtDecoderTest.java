package io.bulwark.interop.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

/**
 * Spring Security's {@link NimbusJwtDecoder} without Spring Boot, discovering Bulwark by its issuer
 * through a {@link RestTemplate} that trusts Bulwark's CA (the JVM's own trust store is left alone,
 * so plain {@link JwtDecoders#fromIssuerLocation} cannot reach Bulwark), and validating RFC 9068
 * access tokens with {@link JwtValidators#createAtJwtValidator()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CustomTrustJwtDecoderTest {
  BulwarkIdentity id;
  NimbusJwtDecoder decoder;
  String secret;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    id = new BulwarkIdentity(dir);
    secret =
        id.secretClient(
            "orders-job",
            List.of(),
            Set.of("client_credentials"),
            Set.of("orders:read"),
            List.of("orders", "payments"));
    RestTemplate rest =
        new RestTemplate(
            new JdkClientHttpRequestFactory(
                HttpClient.newBuilder()
                    .sslContext(id.sslContext())
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()));
    decoder = NimbusJwtDecoder.withIssuerLocation(id.issuer()).restOperations(rest).build();
    decoder.setJwtValidator(
        JwtValidators.createAtJwtValidator().issuer(id.issuer()).audience("orders").build());
  }

  @AfterAll
  void stop() {
    if (id != null) {
      id.close();
    }
  }

  @Test
  void decodesAndValidatesAnAccessTokenForItsAudience() throws Exception {
    String token = id.clientCredentialsToken("orders-job", secret, "audience", "orders");

    Jwt jwt = decoder.decode(token);

    assertThat(jwt.getHeaders()).containsEntry("typ", "at+jwt");
    assertThat(jwt.getSubject()).isEqualTo("orders-job");
    assertThat(jwt.getAudience()).containsExactly("orders");
    assertThat(jwt.getIssuer().toString()).isEqualTo(id.issuer());
    assertThat(jwt.getClaimAsString("scope")).isEqualTo("orders:read");
  }

  @Test
  void rejectsATokenWhoseSignatureDoesNotMatch() throws Exception {
    String token = id.clientCredentialsToken("orders-job", secret, "audience", "orders");
    String other = id.clientCredentialsToken("orders-job", secret, "audience", "orders");
    String spliced =
        token.substring(0, token.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));

    assertThatThrownBy(() -> decoder.decode(spliced))
        .isInstanceOf(BadJwtException.class)
        .hasMessageContaining("Signed JWT rejected");
  }

  @Test
  void rejectsAnExpiredToken() throws Exception {
    Instant now = id.clock.instant();
    id.clock.set(now.minus(Duration.ofMinutes(10)));
    String expired;
    try {
      expired = id.clientCredentialsToken("orders-job", secret, "audience", "orders");
    } finally {
      id.clock.set(now);
    }

    assertThatThrownBy(() -> decoder.decode(expired))
        .isInstanceOf(JwtValidationException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void rejectsATokenForAnotherAudience() throws Exception {
    String payments = id.clientCredentialsToken("orders-job", secret, "audience", "payments");

    assertThatThrownBy(() -> decoder.decode(payments))
        .isInstanceOf(JwtValidationException.class)
        .hasMessageContaining("aud");
  }

  @Test
  void discoveryWithTheJvmDefaultTrustStoreFailsOnBulwarksPrivateCa() {
    assertThatThrownBy(() -> JwtDecoders.fromIssuerLocation(id.issuer()))
        .hasStackTraceContaining(SSLHandshakeException.class.getName())
        .hasStackTraceContaining("PKIX path building failed");
  }
}
