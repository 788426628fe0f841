package io.bulwark.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPkiTest {

  @Test
  void issuesClientCertificatesSignedByItsCaWithTheSubjectAndSans() throws Exception {
    TestPki pki = new TestPki("Test CA");

    TestPki.Issued issued = pki.issue("CN=orders,O=Bakery", "uri:spiffe://bakery/orders");

    X509Certificate cert = issued.certificate();
    cert.verify(pki.ca().getPublicKey());
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=orders,O=Bakery");
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(cert.getSubjectAlternativeNames())
        .containsExactly(List.of(6, "spiffe://bakery/orders"));
  }

  @Test
  void certificatesOfAnotherCaDoNotVerify() throws Exception {
    TestPki.Issued stranger = new TestPki("Other CA").issue("CN=orders");

    assertThatThrownBy(
            () -> stranger.certificate().verify(new TestPki("Test CA").ca().getPublicKey()))
        .isInstanceOf(SignatureException.class);
  }

  @Test
  void writesTheCaAsPem(@TempDir Path dir) throws Exception {
    Path pem = new TestPki("Test CA").writeCa(dir.resolve("ca.pem"));

    assertThat(Files.readString(pem)).startsWith("-----BEGIN CERTIFICATE-----");
  }
}
