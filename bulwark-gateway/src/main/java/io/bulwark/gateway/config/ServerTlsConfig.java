package io.bulwark.gateway.config;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * TLS of one listener: a default certificate, optional extra certificates chosen by SNI host name,
 * and optional client-certificate (mTLS) verification. Protocols are fixed to TLS 1.3 and 1.2.
 *
 * @param certificate the certificate served when the client sends no or an unknown SNI name
 * @param sniCertificates certificates by host name ({@code *.example.com} wildcards allowed)
 * @param clientCas CAs that client certificates must chain to; empty disables client certificates
 * @param clientAuth whether a client certificate is optional or required when {@code clientCas} is
 *     set
 */
public record ServerTlsConfig(
    KeyMaterial certificate,
    Map<String, KeyMaterial> sniCertificates,
    List<X509Certificate> clientCas,
    ClientAuth clientAuth) {

  /** Whether a client certificate is asked for and whether it is required. */
  public enum ClientAuth {
    /** Asked for; connections without one are accepted (stages may still require one). */
    OPTIONAL,
    /** The handshake fails without a valid client certificate. */
    REQUIRE
  }

  /** Copies the collections. */
  public ServerTlsConfig {
    Objects.requireNonNull(certificate, "certificate");
    sniCertificates = Map.copyOf(sniCertificates);
    clientCas = List.copyOf(clientCas);
    Objects.requireNonNull(clientAuth, "clientAuth");
  }

  /**
   * TLS with one certificate read from PEM files (such as the {@code tls} section's files, or those
   * {@link io.bulwark.core.crypto.LocalCa#loadOrIssueLocalhost} stored) and no client certificates.
   *
   * @throws io.bulwark.core.crypto.CryptoFileException naming the file if one cannot be read
   */
  public static ServerTlsConfig fromPemFiles(
      java.nio.file.Path chainFile, java.nio.file.Path keyFile)
      throws io.bulwark.core.crypto.CryptoFileException {
    return of(
        io.bulwark.core.crypto.PemFiles.readCertificates(chainFile),
        io.bulwark.core.crypto.PemFiles.readPrivateKey(keyFile));
  }

  /** TLS with one certificate and no client certificates. */
  public static ServerTlsConfig of(List<X509Certificate> chain, PrivateKey key) {
    return new ServerTlsConfig(
        new KeyMaterial(chain, key), Map.of(), List.of(), ClientAuth.OPTIONAL);
  }

  /**
   * A certificate chain (leaf first) and its private key.
   *
   * @param chain the leaf then its issuers
   * @param key the leaf's private key
   */
  public record KeyMaterial(List<X509Certificate> chain, PrivateKey key) {
    /** Copies the chain and checks it is not empty. */
    public KeyMaterial {
      chain = List.copyOf(chain);
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("empty certificate chain");
      }
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
      return "KeyMaterial[" + chain.get(0).getSubjectX500Principal().getName() + "]";
    }
  }
}
