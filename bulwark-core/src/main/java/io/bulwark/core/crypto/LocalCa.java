package io.bulwark.core.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A certificate authority local to one Bulwark installation, so {@code bulwark up} serves HTTPS
 * from the first start without any outside CA. The CA is an EC P-256 self-signed certificate
 * ({@code CN=Bulwark Local CA <suffix>}, CA:true with path length 0, keyCertSign and cRLSign, ten
 * years) kept as {@code ca.pem} and {@code ca-key.pem} in its directory and reused on every later
 * start; clients trust it through {@link #caCertificatePath()} or {@link #sslContextTrustingCa()}.
 *
 * <p>It issues EC P-256 server certificates with DNS and IP subject alternative names, serverAuth
 * and clientAuth extended key usage, digitalSignature key usage, a random 128-bit serial and key
 * identifiers (<a href="https://www.rfc-editor.org/rfc/rfc5280">RFC 5280</a>). Thread-safe.
 */
public final class LocalCa {

  /** Names a default localhost certificate covers. */
  public static final List<String> LOCALHOST_DNS = List.of("localhost");

  /** Addresses a default localhost certificate covers. */
  public static final List<String> LOCALHOST_IPS = List.of("127.0.0.1", "::1");

  /** Lifetime of a default server certificate (the CA/Browser Forum maximum). */
  public static final Duration SERVER_VALIDITY = Duration.ofDays(397);

  /** A server certificate closer than this to expiry is reissued at load. */
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);

  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  static final Duration BACKDATE = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(LocalCa.class);
  private static final String CA_CERT = "ca.pem";
  private static final String CA_KEY = "ca-key.pem";
  private static final String SERVER_CERT = "server.pem";
  private static final String SERVER_KEY = "server-key.pem";
  private static final Pattern DNS_NAME =
      Pattern.compile(
          "(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");

  private final Path dir;
  private final Clock clock;
  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final SecureRandom random;

  private LocalCa(
      Path dir,
      Clock clock,
      X509Certificate certificate,
      PrivateKey privateKey,
      SecureRandom random) {
    this.dir = dir;
    this.clock = clock;
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.random = random;
  }

  /**
   * Loads the CA stored in {@code dir}, or creates and stores a new one if there is none.
   *
   * <p>{@code ca.pem} marks a complete CA: a key file without it is a leftover of an interrupted
   * first start and is replaced; a certificate without its key, a key that does not match, a
   * certificate that is not a CA or is outside its validity, or an unsafe key file is an error.
   *
   * @throws CryptoFileException naming the file, if the stored CA cannot be used
   */
  public static LocalCa loadOrCreate(Path dir, Clock clock) throws IOException {
    Objects.requireNonNull(clock, "clock");
    SecureFiles.createPrivateDirectories(dir);
    Path certFile = dir.resolve(CA_CERT);
    Path keyFile = dir.resolve(CA_KEY);
    SecureRandom random = new SecureRandom();
    if (Files.exists(certFile)) {
      if (!Files.exists(keyFile)) {
        throw new CryptoFileException(
            keyFile, "CA private key is missing but " + certFile.getFileName() + " exists");
      }
      X509Certificate certificate = PemFiles.readCertificates(certFile).get(0);
      PrivateKey key = PemFiles.readPrivateKey(keyFile);
      if (certificate.getBasicConstraints() < 0) {
        throw new CryptoFileException(certFile, "certificate is not a CA certificate");
      }
      if (!keyMatches(key, certificate.getPublicKey())) {
        throw new CryptoFileException(keyFile, "private key does not match " + certFile);
      }
      Instant now = clock.instant();
      if (now.isAfter(certificate.getNotAfter().toInstant())
          || now.isBefore(certificate.getNotBefore().toInstant())) {
        throw new CryptoFileException(
            certFile,
            "CA certificate is not valid at "
                + now
                + " (valid "
                + certificate.getNotBefore().toInstant()
                + " to "
                + certificate.getNotAfter().toInstant()
                + "); move the directory away to create a new CA");
      }
      return new LocalCa(dir, clock, certificate, key, random);
    }
    KeyPair pair = newKeyPair();
    X509Certificate certificate = selfSign(pair, clock.instant(), random);
    PemFiles.writePrivateKey(keyFile, pair.getPrivate());
    PemFiles.writeCertificates(certFile, List.of(certificate));
    LOG.info(
        "Created local CA '{}' in {}", certificate.getSubjectX500Principal().getName(), certFile);
    return new LocalCa(dir, clock, certificate, pair.getPrivate(), random);
  }

  /** The CA certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The PEM file holding the CA certificate, for clients to trust. */
  public Path caCertificatePath() {
    return dir.resolve(CA_CERT);
  }

  /**
   * Issues a server certificate for the given names and addresses. The leaf never outlives the CA.
   *
   * @param dnsNames DNS names (a leading {@code *.} wildcard is allowed)
   * @param ipAddresses IPv4 or IPv6 literals
   * @param validity how long the certificate is valid from now
   */
  public ServerCertificate issueServerCertificate(
      List<String> dnsNames, List<String> ipAddresses, Duration validity) {
    if (dnsNames.isEmpty() && ipAddresses.isEmpty()) {
      throw new IllegalArgumentException("a server certificate needs at least one name or address");
    }
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive");
    }
    List<GeneralName> names = new ArrayList<>();
    for (String dns : dnsNames) {
      if (!DNS_NAME.matcher(dns).matches() || dns.length() > 253) {
        throw new IllegalArgumentException("not a DNS name: " + dns);
      }
      names.add(new GeneralName(GeneralName.dNSName, dns));
    }
    for (String ip : ipAddresses) {
      if (!IPAddress.isValid(ip)) {
        throw new IllegalArgumentException("not an IP address: " + ip);
      }
      names.add(new GeneralName(GeneralName.iPAddress, ip));
    }
    String commonName = dnsNames.isEmpty() ? ipAddresses.get(0) : dnsNames.get(0);
    KeyPair pair = newKeyPair();
    Instant now = clock.instant();
    Instant notAfter = now.plus(validity);
    if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
      notAfter = certificate.getNotAfter().toInstant();
    }
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  certificate,
                  serial(random),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(notAfter),
                  new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build(),
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(
                      new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                      }))
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(names.toArray(GeneralName[]::new)))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(pair.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(certificate));
      X509Certificate leaf = sign(builder, privateKey);
      return new ServerCertificate(List.of(leaf, certificate), pair.getPrivate(), null, null);
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("could not issue a server certificate", e);
    }
  }

  /**
   * Returns the localhost server certificate stored in {@code dir} ({@code server.pem} with the
   * chain, {@code server-key.pem}), issuing and storing a new one for {@link #LOCALHOST_DNS} and
   * {@link #LOCALHOST_IPS} valid {@link #SERVER_VALIDITY} if it is missing, was not signed by this
   * CA, does not match its key, is not yet valid, or expires within {@link #RENEW_BEFORE}.
   *
   * @throws CryptoFileException naming the file, if a stored file is corrupt or unsafe
   */
  public ServerCertificate loadOrIssueLocalhost(Path dir) throws IOException {
    SecureFiles.createPrivateDirectories(dir);
    Path certFile = dir.resolve(SERVER_CERT);
    Path keyFile = dir.resolve(SERVER_KEY);
    if (Files.exists(certFile) && Files.exists(keyFile)) {
      List<X509Certificate> chain = PemFiles.readCertificates(certFile);
      PrivateKey key = PemFiles.readPrivateKey(keyFile);
      String problem = reasonToReissue(chain.get(0), key);
      if (problem == null) {
        return new ServerCertificate(chain, key, certFile, keyFile);
      }
      LOG.info("Reissuing server certificate {}: {}", certFile, problem);
    }
    ServerCertificate issued =
        issueServerCertificate(LOCALHOST_DNS, LOCALHOST_IPS, SERVER_VALIDITY);
    PemFiles.writePrivateKey(keyFile, issued.privateKey());
    PemFiles.writeCertificates(certFile, issued.chain());
    return new ServerCertificate(issued.chain(), issued.privateKey(), certFile, keyFile);
  }

  private String reasonToReissue(X509Certificate leaf, PrivateKey key) {
    if (!issuedByThisCa(leaf)) {
      return "not signed by the current CA";
    }
    if (!keyMatches(key, leaf.getPublicKey())) {
      return "private key does not match the certificate";
    }
    Instant now = clock.instant();
    if (now.isBefore(leaf.getNotBefore().toInstant())) {
      return "not valid yet";
    }
    if (now.plus(RENEW_BEFORE).isAfter(leaf.getNotAfter().toInstant())) {
      return "expires at " + leaf.getNotAfter().toInstant();
    }
    return null;
  }

  /** Whether {@code leaf} names this CA as issuer and carries its valid signature. */
  public boolean issuedByThisCa(X509Certificate leaf) {
    if (!leaf.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
      return false;
    }
    try {
      leaf.verify(certificate.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** An SSLContext for clients that trusts this CA and nothing else. */
  public SSLContext sslContextTrustingCa() {
    return TrustAnchors.clientContext(certificate);
  }

  /**
   * An SSLContext for a server presenting {@code server}; it trusts this CA for client certificates
   * when the server asks for them.
   */
  public SSLContext sslContextForServer(ServerCertificate server) {
    try {
      byte[] secret = new byte[16];
      random.nextBytes(secret);
      char[] password = HexFormat.of().formatHex(secret).toCharArray();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry(
          "server", server.privateKey(), password, server.chain().toArray(X509Certificate[]::new));
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trustManagers(), random);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not build a TLS context", e);
    }
  }

  private TrustManager[] trustManagers() {
    return TrustAnchors.trustManagers(certificate);
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 is not available", e);
    }
  }

  private static X509Certificate selfSign(KeyPair pair, Instant now, SecureRandom random) {
    byte[] suffix = new byte[4];
    random.nextBytes(suffix);
    X500Name name =
        new X500NameBuilder(BCStyle.INSTANCE)
            .addRDN(BCStyle.CN, "Bulwark Local CA " + HexFormat.of().formatHex(suffix))
            .build();
    try {
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  name,
                  serial(random),
                  Date.from(now.minus(BACKDATE)),
                  Date.from(now.plus(CA_VALIDITY)),
                  name,
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  extensions.createSubjectKeyIdentifier(pair.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  extensions.createAuthorityKeyIdentifier(pair.getPublic()));
      return sign(builder, pair.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("could not create the CA certificate", e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
      throws GeneralSecurityException {
    try {
      ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
      return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("no signer for the CA key", e);
    }
  }

  private static BigInteger serial(SecureRandom random) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    BigInteger serial = new BigInteger(1, bytes);
    return serial.signum() == 0 ? BigInteger.ONE : serial;
  }

  static boolean keyMatches(PrivateKey key, PublicKey publicKey) {
    String algorithm =
        switch (publicKey.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          default -> null;
        };
    if (algorithm == null || !key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    try {
      byte[] challenge = "bulwark key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
