package io.bulwark.gateway.auth;

import io.bulwark.gateway.auth.AuthFailure.Reason;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a verified TLS client certificate into a principal named by its SPIFFE ID (X509-SVID): the
 * leaf must be an end-entity certificate valid now, carry exactly one URI SAN that is a SPIFFE ID
 * in an accepted trust domain and, when trust anchors are configured, chain to one of them (PKIX,
 * without revocation checking). CPU only, never blocks. Thread-safe.
 *
 * @see <a href="https://github.com/spiffe/spiffe/blob/main/standards/X509-SVID.md">X509-SVID</a>
 */
public final class MtlsAuthenticator {
  private static final int URI_SAN = 6;

  private final MtlsSettings settings;
  private final Set<TrustAnchor> anchors;
  private final Clock clock;

  public MtlsAuthenticator(MtlsSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    Set<TrustAnchor> set = new HashSet<>();
    for (X509Certificate anchor : settings.trustAnchors()) {
      set.add(new TrustAnchor(anchor, null));
    }
    this.anchors = Set.copyOf(set);
  }

  /**
   * Authenticates the peer's certificate chain, leaf first, as the TLS layer presents it.
   *
   * @param chain the chain, or null/empty when the client sent no certificate
   */
  public AuthResult authenticate(List<X509Certificate> chain) {
    if (chain == null || chain.isEmpty()) {
      return AuthResult.rejected(Reason.MISSING_CREDENTIALS);
    }
    X509Certificate leaf = chain.get(0);
    Instant now = clock.instant();
    if (leaf.getBasicConstraints() >= 0
        || now.isBefore(leaf.getNotBefore().toInstant())
        || now.isAfter(leaf.getNotAfter().toInstant())
        || !chainsToAnchor(chain, now)) {
      return AuthResult.rejected(Reason.INVALID_CERTIFICATE);
    }
    Optional<SpiffeId> id = spiffeId(leaf);
    if (id.isEmpty() || !settings.trustDomains().contains(id.get().trustDomain())) {
      return AuthResult.rejected(Reason.INVALID_CERTIFICATE);
    }
    String name = id.get().toString();
    return new AuthResult.Authenticated(
        new AuthenticatedPrincipal(
            AuthMethod.MTLS,
            null,
            name,
            name,
            Set.of(),
            Set.of(),
            Map.of("sub", name, "spiffe_id", name, "trust_domain", id.get().trustDomain()),
            null,
            null,
            leaf.getNotBefore().toInstant(),
            leaf.getNotAfter().toInstant(),
            CertificateThumbprint.of(leaf)));
  }

  /** The single SPIFFE URI SAN of {@code leaf}; empty if there is none or more than one URI SAN. */
  static Optional<SpiffeId> spiffeId(X509Certificate leaf) {
    Collection<List<?>> sans;
    try {
      sans = leaf.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return Optional.empty();
    }
    if (sans == null) {
      return Optional.empty();
    }
    List<String> uris = new ArrayList<>();
    for (List<?> san : sans) {
      if (san.size() >= 2 && Integer.valueOf(URI_SAN).equals(san.get(0))) {
        uris.add(String.valueOf(san.get(1)));
      }
    }
    return uris.size() == 1 ? SpiffeId.parse(uris.get(0)) : Optional.empty();
  }

  private boolean chainsToAnchor(List<X509Certificate> chain, Instant now) {
    if (anchors.isEmpty()) {
      return true;
    }
    try {
      List<X509Certificate> path = new ArrayList<>(chain);
      path.removeIf(cert -> anchors.stream().anyMatch(a -> a.getTrustedCert().equals(cert)));
      var certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX").validate(certPath, params);
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
