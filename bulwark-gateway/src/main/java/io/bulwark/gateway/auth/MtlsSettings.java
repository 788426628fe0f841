package io.bulwark.gateway.auth;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which client certificates {@link MtlsAuthenticator} accepts.
 *
 * @param trustDomains SPIFFE trust domains accepted (at least one)
 * @param trustAnchors CA certificates the chain must lead to; when empty, the chain is trusted as
 *     verified by the TLS handshake (set these when the TLS layer trusts more CAs than this route)
 */
public record MtlsSettings(Set<String> trustDomains, List<X509Certificate> trustAnchors) {
  public MtlsSettings {
    trustDomains = Set.copyOf(Objects.requireNonNull(trustDomains, "trustDomains"));
    if (trustDomains.isEmpty()) {
      throw new IllegalArgumentException("at least one SPIFFE trust domain is required");
    }
    for (String domain : trustDomains) {
      new SpiffeId(domain, "");
    }
    trustAnchors = List.copyOf(Objects.requireNonNull(trustAnchors, "trustAnchors"));
  }
}
