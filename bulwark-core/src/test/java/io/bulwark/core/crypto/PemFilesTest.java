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

  @Test
  void readsPkcs8KeysOfEveryAlgorithmWeSignWith() throws Exception {
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      java.security.KeyPair pair =
          java.security.KeyPairGenerator.getInstance(algorithm).generateKeyPair();
      Path file = dir.resolve(algorithm + ".pem");
      PemFiles.writePrivateKey(file, pair.getPrivate());
      PrivateKey read = PemFiles.readPrivateKey(file);
      assertThat(read.getEncoded()).as(algorithm).isEqualTo(pair.getPrivate().getEncoded());
      assertThat(PemFiles.readServerPrivateKey(file).getEncoded())
          .isEqualTo(pair.getPrivate().getEncoded());
    }
  }

  /** {@code openssl ecparam -name prime256v1 -genkey -noout}: a SEC1 key, made for this test. */
  private static final String OPENSSL_SEC1_KEY =
      """
      -----BEGIN EC PRIVATE KEY-----
      MHcCAQEEIOO9uUmHBZITHlJzVXjlUJXz+fQk2gfvt1Htv1v/yiUioAoGCCqGSM49
      AwEHoUQDQgAEpof6azy7tNbRu+YDMWf9TYjA7C4LfVxbO60kHwin7qfx2DuS034d
      rc0Cj2ddaXoovYZn5u0K++9Et/Gjv9dtEA==
      -----END EC PRIVATE KEY-----
      """;

  private static final String OPENSSL_SEC1_PUBLIC_KEY =
      "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEpof6azy7tNbRu+YDMWf9TYjA7C4L"
          + "fVxbO60kHwin7qfx2DuS034drc0Cj2ddaXoovYZn5u0K++9Et/Gjv9dtEA==";

  @Test
  void serverKeysMayComeInOpensslTraditionalFormsAndBeGroupReadable() throws Exception {
    java.security.KeyPair rsa = java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair();
    java.io.StringWriter pkcs1 = new java.io.StringWriter();
    try (var pem = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(pkcs1)) {
      pem.writeObject(rsa.getPrivate());
    }
    assertThat(pkcs1.toString()).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    java.security.PublicKey ecPublic =
        java.security.KeyFactory.getInstance("EC")
            .generatePublic(
                new java.security.spec.X509EncodedKeySpec(
                    java.util.Base64.getDecoder().decode(OPENSSL_SEC1_PUBLIC_KEY)));
    record Case(String name, String pem, java.security.PublicKey publicKey) {}
    for (Case c :
        List.of(
            new Case("RSA", pkcs1.toString(), rsa.getPublic()),
            new Case("EC", OPENSSL_SEC1_KEY, ecPublic))) {
      Path file = Files.writeString(dir.resolve(c.name() + "-legacy.pem"), c.pem());
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
      PrivateKey read = PemFiles.readServerPrivateKey(file);
      assertThat(read.getAlgorithm()).isEqualTo(c.name());
      assertThat(LocalCa.keyMatches(read, c.publicKey())).isTrue();
      assertThatThrownBy(() -> PemFiles.readPrivateKey(file))
          .isInstanceOf(CryptoFileException.class);
    }
  }

  @Test
  void aServerKeyFileWithoutAKeyIsRefused() throws IOException {
    Path certFile = dir.resolve("cert.pem");
    PemFiles.writeCertificates(certFile, server.chain());
    assertThatThrownBy(() -> PemFiles.readServerPrivateKey(certFile))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining("no unencrypted private key");
  }

  @Test
  void certificateFilesWrittenByOpensslStyleToolsWithTextAroundBlocksAreRead() throws Exception {
    Path file = dir.resolve("chain.pem");
    String block =
        "-----BEGIN CERTIFICATE-----\n"
            + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(server.chain().get(0).getEncoded())
            + "\n-----END CERTIFICATE-----\n";
    Files.writeString(file, "subject=CN = svc.local\n" + block);
    assertThat(PemFiles.readCertificates(file)).containsExactly(server.chain().get(0));
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }
}
