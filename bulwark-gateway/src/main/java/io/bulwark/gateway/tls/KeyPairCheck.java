package io.bulwark.gateway.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Whether a private key belongs to a certificate's public key: it signs a fixed challenge and the
 * public key verifies it (JCA signatures; RSA, EC, Ed25519). TLS libraries do not all check this
 * when a context is built, and a mismatched pair would fail every handshake.
 */
public final class KeyPairCheck {
  private static final byte[] CHALLENGE =
      "bulwark gateway key check".getBytes(StandardCharsets.US_ASCII);

  private KeyPairCheck() {}

  /** True when {@code key} is the private half of {@code publicKey}. */
  public static boolean matches(PrivateKey key, PublicKey publicKey) {
    String algorithm =
        switch (publicKey.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          case "Ed25519", "EdDSA" -> "Ed25519";
          default -> null;
        };
    if (algorithm == null || !sameFamily(key.getAlgorithm(), publicKey.getAlgorithm())) {
      return false;
    }
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(CHALLENGE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(CHALLENGE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static boolean sameFamily(String a, String b) {
    return a.equals(b) || (a.startsWith("Ed") && b.startsWith("Ed"));
  }
}
