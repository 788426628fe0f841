package io.bulwark.core.http;

import io.bulwark.core.crypto.CryptoFileException;
import io.bulwark.core.crypto.PemFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CRL;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.TrustManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Builds Jetty's server TLS context from PEM files: a certificate chain (leaf first) and an
 * unencrypted private key (PKCS#8, or SEC1/PKCS#1 for EC/RSA). Only TLS 1.3 and 1.2 are enabled.
 */
final class PemTls {
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private PemTls() {}

  static SslContextFactory.Server serverContext(Path certChainPem, Path privateKeyPem) {
    return serverContext(certChainPem, privateKeyPem, null);
  }

  /**
   * As {@link #serverContext(Path, Path)}; with {@code clientCertificates} non-null the handshake
   * also asks for (wants, does not need) a client certificate, accepting any chain (see {@link
   * AnyClientTrustManager}).
   */
  static SslContextFactory.Server serverContext(
      Path certChainPem, Path privateKeyPem, ClientCertificates clientCertificates) {
    Certificate[] chain = readChain(certChainPem);
    PrivateKey key = readKey(privateKeyPem);
    char[] password = randomPassword();
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("server", key, password, chain);
      SslContextFactory.Server ssl =
          clientCertificates == null
              ? new SslContextFactory.Server()
              : new WantClientAuth(clientCertificates.anchorCertificates());
      ssl.setKeyStore(store);
      ssl.setKeyStorePassword(new String(password));
      ssl.setKeyManagerPassword(new String(password));
      ssl.setIncludeProtocols(PROTOCOLS);
      ssl.setRenegotiationAllowed(false);
      return ssl;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "certificate " + certChainPem + " and key " + privateKeyPem + " do not form a key pair",
          e);
    }
  }

  /** A server context that asks for client certificates and accepts any in the handshake. */
  private static final class WantClientAuth extends SslContextFactory.Server {
    private final X509Certificate[] issuers;

    WantClientAuth(X509Certificate[] issuers) {
      this.issuers = issuers;
      setWantClientAuth(true);
      setNeedClientAuth(false);
    }

    @Override
    protected TrustManager[] getTrustManagers(KeyStore trustStore, Collection<? extends CRL> crls) {
      return new TrustManager[] {new AnyClientTrustManager(issuers)};
    }
  }

  private static Certificate[] readChain(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      Certificate[] chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(in)
              .toArray(Certificate[]::new);
      if (chain.length == 0) {
        throw new IllegalArgumentException("no certificate in " + pem);
      }
      return chain;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read certificate chain " + pem, e);
    }
  }

  private static PrivateKey readKey(Path pem) {
    try {
      return PemFiles.readServerPrivateKey(pem);
    } catch (CryptoFileException e) {
      throw new IllegalArgumentException("cannot read private key " + e.getMessage());
    }
  }

  private static char[] randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
  }
}
