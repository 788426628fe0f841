package io.bulwark.core.crypto;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A TLS server certificate chain (leaf first, then the CA) with its private key, and where they are
 * stored if they are (PEM files that servers such as Netty can load directly).
 *
 * @param chain the leaf certificate followed by its issuer
 * @param privateKey the leaf's private key
 * @param certificateFile the PEM file holding {@code chain}, or {@code null} if not stored
 * @param privateKeyFile the PEM file holding {@code privateKey}, or {@code null} if not stored
 */
public record ServerCertificate(
    List<X509Certificate> chain, PrivateKey privateKey, Path certificateFile, Path privateKeyFile) {

  /** Copies the chain and checks that it is not empty. */
  public ServerCertificate {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("empty certificate chain");
    }
    Objects.requireNonNull(privateKey, "privateKey");
  }

  /** The server's own certificate. */
  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** Describes the certificate without any key material. */
  @Override
  public String toString() {
    return "ServerCertificate[subject="
        + leaf().getSubjectX500Principal().getName()
        + ", notAfter="
        + leaf().getNotAfter().toInstant()
        + ", file="
        + certificateFile
        + "]";
  }
}
