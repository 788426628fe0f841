package io.bulwark.core.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Client certificates of an HTTPS server that asks for them ({@link
 * HttpServer.Builder#clientCertificates}). The TLS handshake accepts any certificate the client
 * proves it holds, so clients without one, or with one from another CA, still connect; each request
 * is then checked here against the configured trust anchors (PKIX, no revocation checking), and
 * only a chain that validates is exposed as {@link #verified(Context)}. Handlers decide what an
 * absent or unverified certificate means.
 */
public final class ClientCertificates {
  /** Request attribute holding the verified leaf {@link X509Certificate}, set by the server. */
  public static final String VERIFIED_ATTRIBUTE = "io.bulwark.clientCertificate";

  /** The servlet request attribute where Jetty puts the presented chain (leaf first). */
  static final String PRESENTED_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

  private static final String CLIENT_AUTH_EKU = "1.3.6.1.5.5.7.3.2";
  private static final String ANY_EKU = "2.5.29.37.0";

  private final Set<TrustAnchor> anchors;
  private final List<X509Certificate> anchorCertificates;
  private final Clock clock;

  private ClientCertificates(List<X509Certificate> anchorCertificates, Clock clock) {
    this.anchorCertificates = List.copyOf(anchorCertificates);
    Set<TrustAnchor> set = new HashSet<>();
    for (X509Certificate certificate : anchorCertificates) {
      set.add(new TrustAnchor(certificate, null));
    }
    this.anchors = Set.copyOf(set);
    this.clock = clock;
  }

  /** Trust anchors read from a PEM file of one or more CA certificates. */
  static ClientCertificates fromPem(Path caPem, Clock clock) {
    try (InputStream in = Files.newInputStream(caPem)) {
      List<X509Certificate> certificates = new ArrayList<>();
      for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        certificates.add((X509Certificate) certificate);
      }
      if (certificates.isEmpty()) {
        throw new IllegalArgumentException("no CA certificate in " + caPem);
      }
      return new ClientCertificates(certificates, clock);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read client CA certificates " + caPem, e);
    }
  }

  /** The CA certificates, named to clients in the TLS certificate request. */
  X509Certificate[] anchorCertificates() {
    return anchorCertificates.toArray(X509Certificate[]::new);
  }

  /**
   * The leaf of {@code chain} (leaf first) if it chains to a trust anchor, is valid now and, when
   * it has an extended key usage, allows TLS client authentication.
   */
  Optional<X509Certificate> verify(X509Certificate[] chain) {
    if (chain == null || chain.length == 0) {
      return Optional.empty();
    }
    List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
    path.removeIf(anchorCertificates::contains);
    if (path.isEmpty()) {
      return Optional.empty();
    }
    X509Certificate leaf = path.get(0);
    try {
      List<String> usages = leaf.getExtendedKeyUsage();
      if (usages != null && !usages.contains(CLIENT_AUTH_EKU) && !usages.contains(ANY_EKU)) {
        return Optional.empty();
      }
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters parameters = new PKIXParameters(anchors);
      parameters.setRevocationEnabled(false);
      parameters.setDate(Date.from(clock.instant()));
      CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
      return Optional.of(leaf);
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  /** Checks the presented chain of {@code ctx}'s connection and records the verified leaf. */
  void check(Context ctx) {
    if (ctx.req().getAttribute(PRESENTED_ATTRIBUTE) instanceof X509Certificate[] chain) {
      verify(chain).ifPresent(leaf -> ctx.req().setAttribute(VERIFIED_ATTRIBUTE, leaf));
    }
  }

  /** The client certificate of this request, if one was presented and chains to a trust anchor. */
  public static Optional<X509Certificate> verified(Context ctx) {
    return ctx.req().getAttribute(VERIFIED_ATTRIBUTE) instanceof X509Certificate certificate
        ? Optional.of(certificate)
        : Optional.empty();
  }

  /**
   * The leaf certificate the client presented and proved it holds the key of, whether or not it
   * chains to a trust anchor (enough to bind a token to it, RFC 8705 §3).
   */
  public static Optional<X509Certificate> presented(Context ctx) {
    return ctx.req().getAttribute(PRESENTED_ATTRIBUTE) instanceof X509Certificate[] chain
            && chain.length > 0
        ? Optional.of(chain[0])
        : Optional.empty();
  }
}
