package io.bulwark.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditKeysTest {

  @TempDir Path dir;

  @Test
  void createsAPrivateKeyOnlyTheOwnerCanReadAndAPublicKeyBesideIt() throws IOException {
    Path privatePem = dir.resolve("keys/audit-signing.pem");

    AuditSigningKey created = AuditKeys.loadOrCreate(privatePem);

    Path publicPem = dir.resolve("keys/audit-signing.pub.pem");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privatePem)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(publicPem)))
        .isEqualTo("rw-r--r--");
    assertThat(Files.readString(publicPem)).startsWith("-----BEGIN PUBLIC KEY-----\n");
    assertThat(AuditKeys.readPublicKey(publicPem).getEncoded())
        .isEqualTo(created.publicKey().getEncoded());
    assertThat(created.keyId()).matches("ed25519:[0-9a-f]{16}");
  }

  @Test
  void reloadsTheSameKeyAndItsSignaturesVerify() throws IOException {
    Path privatePem = dir.resolve("audit-signing.pem");
    AuditSigningKey created = AuditKeys.loadOrCreate(privatePem);
    Files.delete(AuditKeys.publicKeyFile(privatePem));

    AuditSigningKey loaded = AuditKeys.loadOrCreate(privatePem);
    byte[] message = "checkpoint".getBytes(StandardCharsets.UTF_8);

    assertThat(loaded.keyId()).isEqualTo(created.keyId());
    assertThat(AuditKeys.verify(created.publicKey(), message, loaded.sign(message))).isTrue();
    assertThat(AuditKeys.verify(created.publicKey(), "other".getBytes(), loaded.sign(message)))
        .isFalse();
    assertThat(Files.exists(AuditKeys.publicKeyFile(privatePem))).isTrue();
    assertThat(loaded.toString()).doesNotContain("PRIVATE");
  }

  @Test
  void refusesAPrivateKeyOthersCanRead() throws IOException {
    Path privatePem = dir.resolve("audit-signing.pem");
    AuditKeys.loadOrCreate(privatePem);
    Files.setPosixFilePermissions(privatePem, PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> AuditKeys.load(privatePem)).isInstanceOf(IOException.class);
  }

  @Test
  void refusesAPublicKeyFileThatIsNotEd25519() throws IOException {
    Path file = dir.resolve("bad.pem");
    Files.writeString(file, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");

    assertThatThrownBy(() -> AuditKeys.readPublicKey(file))
        .isInstanceOf(AuditKeyException.class)
        .hasMessageContaining("not a valid Ed25519 public key");
  }
}
