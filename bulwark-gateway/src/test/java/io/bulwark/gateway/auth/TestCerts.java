package io.bulwark.gateway.auth;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A tiny CA for tests: issues EC client certificates with chosen URI and DNS SANs. */
public final class TestCerts {
  private final KeyPair caKeys = newKeyPair();
  private final X509Certificate ca;

  public TestCerts(String name) {
    try {
      X500Name subject = new X500Name("CN=" + name);
      org.bouncycastle.cert.X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  BigInteger.ONE,
                  Date.from(Instant.now().minus(Duration.ofMinutes(5))),
                  Date.from(Instant.now().plus(Duration.ofDays(1))),
                  subject,
                  caKeys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      ca = sign(builder, caKeys);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public X509Certificate ca() {
    return ca;
  }

  /** A certificate with its private key. */
  public record Issued(X509Certificate certificate, java.security.PrivateKey key) {}

  /** A leaf with its key, valid from five minutes ago for a day. */
  public Issued issue(String... sans) {
    KeyPair keys = newKeyPair();
    Instant now = Instant.now();
    return new Issued(
        leaf(keys, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)), sans),
        keys.getPrivate());
  }

  /** A leaf with the given SANs ({@code uri:...} or {@code dns:...}) valid from {@code from}. */
  public X509Certificate leaf(Instant from, Instant until, String... sans) {
    return leaf(newKeyPair(), from, until, sans);
  }

  private X509Certificate leaf(KeyPair keys, Instant from, Instant until, String... sans) {
    try {
      GeneralName[] names = new GeneralName[sans.length];
      for (int i = 0; i < sans.length; i++) {
        String san = sans[i];
        names[i] =
            san.startsWith("uri:")
                ? new GeneralName(GeneralName.uniformResourceIdentifier, san.substring(4))
                : new GeneralName(GeneralName.dNSName, san.substring(4));
      }
      org.bouncycastle.cert.X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  ca,
                  BigInteger.valueOf(System.nanoTime()),
                  Date.from(from),
                  Date.from(until),
                  new X500Name("CN=leaf"),
                  keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      if (names.length > 0) {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      }
      return sign(builder, caKeys);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A leaf valid from five minutes ago for a day. */
  public X509Certificate leaf(String... sans) {
    Instant now = Instant.now();
    return leaf(now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)), sans);
  }

  private static X509Certificate sign(
      org.bouncycastle.cert.X509v3CertificateBuilder builder, KeyPair signer) throws Exception {
    var signerContent = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(builder.build(signerContent));
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
