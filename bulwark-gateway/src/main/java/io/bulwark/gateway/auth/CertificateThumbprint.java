package io.bulwark.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * The RFC 8705 §3.1 {@code x5t#S256} thumbprint of a certificate: base64url (no padding) of the
 * SHA-256 of its DER encoding, and a constant-time comparison against a token's {@code cnf}.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8705#section-3.1">RFC 8705 §3.1</a>
 */
public final class CertificateThumbprint {
  private CertificateThumbprint() {}

  /** The {@code x5t#S256} value of {@code certificate}. */
  public static String of(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** Whether two thumbprints are equal, in time independent of where they differ. */
  static boolean matches(String expected, String actual) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
  }
}
