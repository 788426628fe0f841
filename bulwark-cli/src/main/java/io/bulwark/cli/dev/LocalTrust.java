package io.bulwark.cli.dev;

import io.bulwark.cli.up.Endpoints;
import io.bulwark.core.crypto.PemFiles;
import io.bulwark.core.crypto.TrustAnchors;
import java.io.IOException;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Which certificates a command trusts when it calls the servers of {@code bulwark up}: a CA given
 * on the command line, else the data dir's local CA named in {@code endpoints.json}, else the JDK's
 * trust store (when {@code bulwark up} presents an operator certificate).
 */
public final class LocalTrust {
  private LocalTrust() {}

  /**
   * @param caCertificate a PEM CA file the user named, or null
   * @param endpoints the data dir's {@code endpoints.json}, or null when there is none
   */
  public static SSLContext context(Path caCertificate, Endpoints endpoints) throws IOException {
    Path ca =
        caCertificate != null
            ? caCertificate
            : endpoints == null || endpoints.caCertificate() == null
                ? null
                : Path.of(endpoints.caCertificate());
    if (ca == null) {
      try {
        return SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("no default TLS context", e);
      }
    }
    List<X509Certificate> anchors = PemFiles.readCertificates(ca);
    return TrustAnchors.clientContext(anchors.toArray(X509Certificate[]::new));
  }
}
