package io.bulwark.core.crypto;

import io.bulwark.core.fs.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and writes PEM files: X.509 certificates ({@code CERTIFICATE} blocks, mode 0644) and
 * unencrypted PKCS#8 private keys ({@code PRIVATE KEY}, mode 0600 from creation). Writes are
 * atomic; reads are strict (only the expected block types) and bounded to 1 MiB. Errors are {@link
 * CryptoFileException}s that name the file and never include its contents.
 */
public final class PemFiles {
  private static final String CERTIFICATE = "CERTIFICATE";
  private static final String PRIVATE_KEY = "PRIVATE KEY";

  /** Key factories tried in turn for a PKCS#8 key; each refuses another algorithm's key. */
  private static final List<String> KEY_ALGORITHMS = List.of("EC", "RSA", "EdDSA", "RSASSA-PSS");

  private PemFiles() {}

  /** Writes {@code chain} (leaf first) as PEM certificates, mode 0644. */
  public static void writeCertificates(Path file, List<X509Certificate> chain) throws IOException {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("no certificates to write");
    }
    StringBuilder text = new StringBuilder();
    try {
      for (X509Certificate certificate : chain) {
        text.append(PemBlocks.encode(CERTIFICATE, certificate.getEncoded()));
      }
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("certificate cannot be encoded", e);
    }
    AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.US_ASCII), false);
  }

  /** Writes {@code key} as an unencrypted PKCS#8 PEM file that only the owner can read (0600). */
  public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
    byte[] der = key.getEncoded();
    if (der == null || !"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException("key has no PKCS#8 encoding");
    }
    byte[] pem = PemBlocks.encode(PRIVATE_KEY, der).getBytes(StandardCharsets.US_ASCII);
    try {
      AtomicFiles.write(file, pem, true);
    } finally {
      Arrays.fill(der, (byte) 0);
      Arrays.fill(pem, (byte) 0);
    }
  }

  /**
   * Reads every certificate in {@code file}, in order.
   *
   * @throws CryptoFileException if the file is missing, holds anything but certificates, or none
   */
  public static List<X509Certificate> readCertificates(Path file) throws CryptoFileException {
    byte[] content = SecureFiles.readBounded(file);
    List<PemBlocks.Block> blocks;
    try {
      blocks = PemBlocks.parse(content);
    } catch (IllegalArgumentException e) {
      throw new CryptoFileException(file, "not a valid PEM certificate file: " + e.getMessage());
    }
    List<X509Certificate> certificates = new ArrayList<>(blocks.size());
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (PemBlocks.Block block : blocks) {
        if (!block.label().equals(CERTIFICATE)) {
          throw new CryptoFileException(file, "expected only PEM certificates");
        }
        certificates.add(
            (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
      }
    } catch (CertificateException | RuntimeException e) {
      throw new CryptoFileException(file, "not a valid PEM certificate file", e);
    }
    if (certificates.isEmpty()) {
      throw new CryptoFileException(file, "no PEM certificate found");
    }
    return certificates;
  }

  /**
   * Reads the one PKCS#8 private key in {@code file}, refusing a file that group or others can
   * access.
   *
   * @throws CryptoFileException if the file is missing, unsafe, or not exactly one PKCS#8 key
   */
  public static PrivateKey readPrivateKey(Path file) throws CryptoFileException {
    byte[] content = SecureFiles.readBounded(file);
    SecureFiles.requireOwnerOnly(file);
    byte[] der = null;
    try {
      List<PemBlocks.Block> blocks = PemBlocks.parse(content);
      if (blocks.isEmpty() || blocks.stream().anyMatch(b -> !b.label().equals(PRIVATE_KEY))) {
        throw new CryptoFileException(file, "expected one unencrypted PKCS#8 PRIVATE KEY block");
      }
      if (blocks.size() > 1) {
        throw new CryptoFileException(file, "more than one PEM block in a private key file");
      }
      der = blocks.get(0).der();
      return pkcs8(der);
    } catch (CryptoFileException e) {
      throw e;
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      // The cause may quote bytes of the key, so only its type is kept.
      throw new CryptoFileException(
          file, "not a valid PKCS#8 private key file (" + e.getClass().getSimpleName() + ")");
    } finally {
      Arrays.fill(content, (byte) 0);
      if (der != null) {
        Arrays.fill(der, (byte) 0);
      }
    }
  }

  /**
   * Reads a TLS server's private key as operators bring it: an unencrypted PKCS#8 {@code PRIVATE
   * KEY}, or the PKCS#1 {@code RSA PRIVATE KEY} and SEC1 {@code EC PRIVATE KEY} forms OpenSSL
   * writes. Unlike {@link #readPrivateKey} it accepts a group-readable file (Debian's {@code
   * ssl-cert} group convention).
   *
   * @throws CryptoFileException if the file is missing or holds no such key
   */
  public static PrivateKey readServerPrivateKey(Path file) throws CryptoFileException {
    byte[] content = SecureFiles.readBounded(file);
    try {
      List<PemBlocks.Block> blocks = PemBlocks.parse(content);
      for (PemBlocks.Block block : blocks) {
        try {
          switch (block.label()) {
            case PRIVATE_KEY -> {
              return pkcs8(block.der());
            }
            case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
              return LegacyPemKeys.read(content);
            }
            default -> {}
          }
        } finally {
          Arrays.fill(block.der(), (byte) 0);
        }
      }
      throw new CryptoFileException(file, "no unencrypted private key found");
    } catch (IllegalArgumentException | GeneralSecurityException | IOException e) {
      if (e instanceof CryptoFileException cfe) {
        throw cfe;
      }
      throw new CryptoFileException(
          file, "not a valid private key file (" + e.getClass().getSimpleName() + ")");
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  /** The private key in a DER-encoded PKCS#8 structure, whatever its algorithm. */
  static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException | NoSuchAlgorithmException e) {
        last = e;
      }
    }
    throw new InvalidKeySpecException("not a PKCS#8 key of a supported algorithm", last);
  }
}
