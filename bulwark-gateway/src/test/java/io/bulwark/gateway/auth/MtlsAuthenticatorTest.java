package io.bulwark.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.gateway.auth.AuthFailure.Reason;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MtlsAuthenticatorTest {
  private final TestCerts ca = new TestCerts("mesh-ca");
  private final MtlsAuthenticator auth =
      new MtlsAuthenticator(
          new MtlsSettings(Set.of("bulwark.local"), List.of(ca.ca())), Clock.systemUTC());

  private static Reason reason(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Rejected.class);
    return ((AuthResult.Rejected) result).failure().reason();
  }

  @Test
  void thePrincipalIsTheSpiffeIdOfTheCertificate() {
    X509Certificate leaf = ca.leaf("uri:spiffe://bulwark.local/ns/shop/sa/orders", "dns:orders");

    AuthResult result = auth.authenticate(List.of(leaf, ca.ca()));

    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    AuthenticatedPrincipal p = ((AuthResult.Authenticated) result).principal();
    assertThat(p.method()).isEqualTo(AuthMethod.MTLS);
    assertThat(p.subject()).isEqualTo("spiffe://bulwark.local/ns/shop/sa/orders");
    assertThat(p.clientId()).isEqualTo(p.subject());
    assertThat(p.certificateThumbprint()).isEqualTo(CertificateThumbprint.of(leaf));
    assertThat(p.expiresAt()).isEqualTo(leaf.getNotAfter().toInstant());
  }

  @Test
  void rejectsCertificatesWithoutExactlyOneSpiffeUri() {
    assertThat(reason(auth.authenticate(List.of(ca.leaf("dns:orders")))))
        .isEqualTo(Reason.INVALID_CERTIFICATE);
    assertThat(reason(auth.authenticate(List.of(ca.leaf("uri:https://bulwark.local/orders")))))
        .isEqualTo(Reason.INVALID_CERTIFICATE);
    assertThat(
            reason(
                auth.authenticate(
                    List.of(
                        ca.leaf("uri:spiffe://bulwark.local/a", "uri:spiffe://bulwark.local/b")))))
        .isEqualTo(Reason.INVALID_CERTIFICATE);
  }

  @Test
  void rejectsOtherTrustDomainsAndPathTricks() {
    assertThat(reason(auth.authenticate(List.of(ca.leaf("uri:spiffe://evil.example/orders")))))
        .isEqualTo(Reason.INVALID_CERTIFICATE);
    assertThat(reason(auth.authenticate(List.of(ca.leaf("uri:spiffe://bulwark.local/a/../b")))))
        .isEqualTo(Reason.INVALID_CERTIFICATE);
    assertThat(reason(auth.authenticate(List.of(ca.leaf("uri:spiffe://bulwark.local:443/orders")))))
        .isEqualTo(Reason.INVALID_CERTIFICATE);
  }

  @Test
  void rejectsCertificatesFromAnotherCaOrOutOfValidity() {
    TestCerts rogue = new TestCerts("rogue-ca");
    assertThat(
            reason(
                auth.authenticate(
                    List.of(rogue.leaf("uri:spiffe://bulwark.local/orders"), rogue.ca()))))
        .isEqualTo(Reason.INVALID_CERTIFICATE);
    Instant now = Instant.now();
    X509Certificate expired =
        ca.leaf(
            now.minus(Duration.ofHours(2)),
            now.minus(Duration.ofHours(1)),
            "uri:spiffe://bulwark.local/orders");
    assertThat(reason(auth.authenticate(List.of(expired)))).isEqualTo(Reason.INVALID_CERTIFICATE);
    assertThat(reason(auth.authenticate(List.of()))).isEqualTo(Reason.MISSING_CREDENTIALS);
  }

  @Test
  void rejectsACaCertificatePresentedAsTheLeaf() {
    assertThat(reason(auth.authenticate(List.of(ca.ca())))).isEqualTo(Reason.INVALID_CERTIFICATE);
  }

  @Test
  void parsesSpiffeIdsStrictly() {
    assertThat(SpiffeId.parse("spiffe://td/a/b")).contains(new SpiffeId("td", "/a/b"));
    assertThat(SpiffeId.parse("spiffe://TD/a")).isEmpty();
    assertThat(SpiffeId.parse("spiffe://td/a/")).isEmpty();
    assertThat(SpiffeId.parse("spiffe://td/a?x=1")).isEmpty();
    assertThat(SpiffeId.parse("spiffe://user@td/a")).isEmpty();
    assertThat(SpiffeId.parse("spiffe://td/./a")).isEmpty();
    assertThat(SpiffeId.parse("SPIFFE://td/a")).isEmpty();
  }
}
