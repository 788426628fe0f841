package io.bulwark.audit.chain;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Objects;

/**
 * The Ed25519 key pair that signs checkpoints, with its key id. Load or create one with {@link
 * AuditKeys#loadOrCreate}; hand only {@link #publicKey()} to verifiers.
 *
 * @param privateKey the Ed25519 private key
 * @param publicKey its public key
 * @param keyId {@link AuditKeys#keyId(PublicKey)} of the public key
 */
public record AuditSigningKey(PrivateKey privateKey, PublicKey publicKey, String keyId) {

  /** Checks that both keys are Ed25519. */
  public AuditSigningKey {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(keyId, "keyId");
    if (!AuditKeys.isEd25519(publicKey)) {
      throw new IllegalArgumentException("audit signing keys must be Ed25519");
    }
  }

  /** Signs {@code bytes}, returning the signature in base64url without padding. */
  public String sign(byte[] bytes) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(privateKey);
      signature.update(bytes);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** Never prints the private key. */
  @Override
  public String toString() {
    return "AuditSigningKey[" + keyId + "]";
  }
}
