package io.bulwark.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.testkit.FakeClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

  @TempDir Path dir;
  private ServerCertificate server;

  @BeforeEach
  void issue() throws IOException {
    LocalCa ca = LocalCa.loadOrCreate(dir.resolve("ca"), new FakeClock());
    server =
        ca.issueServerCertificate(List.of("svc.local"), List.of(), java.time.Duration.ofDays(1));
  }

  @Test
  void certificatesRoundTripInOrderWithPublicMode() throws IOException {
    Path file = dir.resolve("out/chain.pem");
    PemFiles.writeCertificates(file, server.chain());
    List<X509Certificate> read = PemFiles.readCertificates(file);
    assertThat(read).containsExactlyElementsOf(server.chain());
    assertThat(Files.readString(file)).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(mode(file)).isEqualTo("rw-r--r--");
  }

  @Test
  void privateKeysRoundTripAsPkcs8WithOwnerOnlyMode() throws IOException {
    Path file = dir.resolve("key.pem");
    PemFiles.writePrivateKey(file, server.privateKey());
    assertThat(mode(file)).isEqualTo("rw-------");
    assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
    PrivateKey read = PemFiles.readPrivateKey(file);
    assertThat(read.getEncoded()).isEqualTo(server.privateKey().getEncoded());
  }

  @Test
  void rewritingReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
    Path file = dir.resolve("key.pem");
    PemFiles.writePrivateKey(file, server.privateKey());
    PemFiles.writePrivateKey(file, server.privateKey());
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("ca", "key.pem");
    }
  }

  @Test
  void aCorruptKeyFileIsNamedWithoutQuotingItsContents() throws IOException {
    Path file = dir.resolve("key.pem");
    Files.writeString(
        file, "-----BEGIN PRIVATE KEY-----\nTOPSECRETmaterial!!\n-----END PRIVATE KEY-----\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> PemFiles.readPrivateKey(file))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageNotContaining("TOPSECRET")
        .hasNoCause();
  }

  @Test
  void refusesAKeyFileOthersCanRead() throws IOException {
    Path file = dir.resolve("key.pem");
    PemFiles.writePrivateKey(file, server.privateKey());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> PemFiles.readPrivateKey(file))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining("chmod 600");
  }

  @Test
  void refusesTheWrongKindOfBlock() throws IOException {
    Path keyFile = dir.resolve("key.pem");
    PemFiles.writePrivateKey(keyFile, server.privateKey());
    assertThatThrownBy(() -> PemFiles.readCertificates(keyFile))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining("expected only PEM certificates");
    Path certFile = dir.resolve("cert.pem");
    PemFiles.writeCertificates(certFile, server.chain());
    Files.setPosixFilePermissions(certFile, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> PemFiles.readPrivateKey(certFile))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining("PKCS#8");
  }

  @Test
  void reportsMissingAndEmptyFiles() throws IOException {
    assertThatThrownBy(() -> PemFiles.readCertificates(dir.resolve("missing.pem")))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining("missing.pem");
    Path empty = Files.writeString(dir.resolve("empty.pem"), "");
    assertThatThrownBy(() -> PemFiles.readCertificates(empty))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining("no PEM certificate");
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
