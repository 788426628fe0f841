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
import javax.net.ssl.SSLContext;

/**
 * The certificate the HTTPS listeners present, and the trust the roles use to call each other: the
 * operator's PEM files when {@code tls.certFile}/{@code tls.keyFile} are set, otherwise a
 * certificate for localhost from the local CA.
 *
 * @param certificate what the listeners present
 * @param clientContext trusts {@code certificate}'s issuer, for calls between local roles
 * @param caCertificate the local CA file users should trust, empty with an operator certificate
 */
record ListenerTls(
    ServerCertificate certificate, SSLContext clientContext, Optional<Path> caCertificate) {

  static ListenerTls resolve(TlsConfig config, LocalCa ca, Path tlsDir) throws IOException {
    if (!config.hasOperatorCertificate()) {
      return new ListenerTls(
          ca.loadOrIssueLocalhost(tlsDir),
          ca.sslContextTrustingCa(),
          Optional.of(ca.caCertificatePath().toAbsolutePath()));
    }
    Path certFile = config.certFile().orElseThrow();
    Path keyFile = config.keyFile().orElseThrow();
    List<X509Certificate> chain = PemFiles.readCertificates(certFile);
    ServerCertificate certificate =
        new ServerCertificate(chain, PemFiles.readPrivateKey(keyFile), certFile, keyFile);
    // The top of the operator's chain (its root, or the highest intermediate given) is the anchor.
    return new ListenerTls(
        certificate, TrustAnchors.clientContext(chain.get(chain.size() - 1)), Optional.empty());
  }
}
