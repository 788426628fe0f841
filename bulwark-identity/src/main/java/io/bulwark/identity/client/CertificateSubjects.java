package io.bulwark.identity.client;

import com.nimbusds.jose.util.X509CertUtils;
import io.bulwark.identity.store.TlsClientSettings;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * Matches a client certificate against a {@code tls_client_auth} registration (RFC 8705 §2.1.2:
 * subject DN compared as a distinguished name, DNS and URI subject alternative names exactly) and
 * computes the {@code x5t#S256} thumbprint tokens are bound to (RFC 8705 §3.1).
 */
public final class CertificateSubjects {
  private static final int SAN_DNS = 2;
  private static final int SAN_URI = 6;

  private CertificateSubjects() {}

  /**
   * Parses an RFC 4514 distinguished name.
   *
   * @throws IllegalArgumentException if it is not one
   */
  public static X500Principal parseDn(String dn) {
    try {
      if (dn.isBlank() || dn.length() > 1024) {
        throw new IllegalArgumentException("tls_client_auth_subject_dn is empty or too long");
      }
      return new X500Principal(dn);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("tls_client_auth_subject_dn is not a distinguished name");
    }
  }

  /** Whether {@code certificate} carries the subject {@code tls} expects. */
  public static boolean matches(TlsClientSettings tls, X509Certificate certificate) {
    if (tls.subjectDn() != null) {
      return parseDn(tls.subjectDn()).equals(certificate.getSubjectX500Principal());
    }
    if (tls.sanDns() != null) {
      return sans(certificate, SAN_DNS).stream().anyMatch(tls.sanDns()::equalsIgnoreCase);
    }
    if (tls.sanUri() != null) {
      return sans(certificate, SAN_URI).contains(tls.sanUri());
    }
    return false;
  }

  /**
   * Whether {@code certificate} has the subject alternative name {@code name}, written {@code
   * dns:NAME} (compared ignoring case) or {@code uri:URI} (compared exactly).
   */
  public static boolean hasName(X509Certificate certificate, String name) {
    if (name.startsWith("dns:")) {
      return sans(certificate, SAN_DNS).stream().anyMatch(name.substring(4)::equalsIgnoreCase);
    }
    if (name.startsWith("uri:")) {
      return sans(certificate, SAN_URI).contains(name.substring(4));
    }
    return false;
  }

  /** The base64url SHA-256 of the certificate's DER encoding ({@code x5t#S256}). */
  public static String thumbprint(X509Certificate certificate) {
    return X509CertUtils.computeSHA256Thumbprint(certificate).toString();
  }

  private static List<String> sans(X509Certificate certificate, int type) {
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names == null) {
        return List.of();
      }
      return names.stream()
          .filter(n -> n.size() == 2 && n.get(0) instanceof Integer t && t == type)
          .map(n -> n.get(1))
          .filter(String.class::isInstance)
          .map(String.class::cast)
          .toList();
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }
}
