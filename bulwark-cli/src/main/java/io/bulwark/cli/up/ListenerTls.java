package io.bulwark.cli.up;

import io.bulwark.core.config.TlsConfig;
import io.bulwark.core.crypto.LocalCa;
import io.bulwark.core.crypto.PemFiles;
import io.bulwark.core.crypto.ServerCertificate;
import io.bulwark.core.crypto.TrustAnchors;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The certificate the HTTPS listeners present, and the trust the roles use to call each other: the
 * operator's PEM files when {@code tls.certFile}/{@code tls.keyFile} are set, otherwise a
 * certificate for localhost from the local CA.
 *
 * @param certificate what the listeners present
 * @param clientTrust makes, once and on first use, the context trusting {@code certificate}'s
 *     issuer, for calls between local roles (a role running alone may never need it)
 * @param caCertificate the local CA file users should trust, empty with an operator certificate
 */
record ListenerTls(
    ServerCertificate certificate, Supplier<SSLContext> clientTrust, Optional<Path> caCertificate) {

  /** The TLS context trusting the listeners' issuer, made on first call. */
  SSLContext clientContext() {
    return clientTrust.get();
  }

  static ListenerTls resolve(TlsConfig config, LocalCa ca, Path tlsDir) throws IOException {
    if (!config.hasOperatorCertificate()) {
      return new ListenerTls(
          ca.loadOrIssueLocalhost(tlsDir),
          once(ca::sslContextTrustingCa),
          Optional.of(ca.caCertificatePath().toAbsolutePath()));
    }
    Path certFile = config.certFile().orElseThrow();
    Path keyFile = config.keyFile().orElseThrow();
    List<X509Certificate> chain = PemFiles.readCertificates(certFile);
    ServerCertificate certificate =
        new ServerCertificate(chain, PemFiles.readPrivateKey(keyFile), certFile, keyFile);
    // The top of the operator's chain (its root, or the highest intermediate given) is the anchor.
    return new ListenerTls(
        certificate,
        once(() -> TrustAnchors.clientContext(chain.get(chain.size() - 1))),
        Optional.empty());
  }

  private static Supplier<SSLContext> once(Supplier<SSLContext> make) {
    return new Supplier<>() {
      private SSLContext made;

      @Override
      public synchronized SSLContext get() {
        if (made == null) {
          made = make.get();
        }
        return made;
      }
    };
  }
}
