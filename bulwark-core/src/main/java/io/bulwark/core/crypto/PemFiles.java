package io.bulwark.core.crypto;

import io.bulwark.core.fs.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * Reads and writes PEM files: X.509 certificates ({@code CERTIFICATE} blocks, mode 0644) and
 * unencrypted PKCS#8 private keys ({@code PRIVATE KEY}, mode 0600 from creation). Writes are
 * atomic; reads are strict (only the expected block types) and bounded to 1 MiB. Errors are {@link
 * CryptoFileException}s that name the file and never include its contents.
 */
public final class PemFiles {

  private PemFiles() {}

  /** Writes {@code chain} (leaf first) as PEM certificates, mode 0644. */
  public static void writeCertificates(Path file, List<X509Certificate> chain) throws IOException {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("no certificates to write");
    }
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      for (X509Certificate certificate : chain) {
        pem.writeObject(certificate);
      }
    }
    AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.US_ASCII), false);
  }

  /** Writes {@code key} as an unencrypted PKCS#8 PEM file that only the owner can read (0600). */
  public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
      pem.writeObject(new JcaPKCS8Generator(key, null));
    }
    AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.US_ASCII), true);
  }

  /**
   * Reads every certificate in {@code file}, in order.
   *
   * @throws CryptoFileException if the file is missing, holds anything but certificates, or none
   */
  public static List<X509Certificate> readCertificates(Path file) throws CryptoFileException {
    byte[] content = SecureFiles.readBounded(file);
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    try (PEMParser parser = parser(content)) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (!(object instanceof X509CertificateHolder holder)) {
          throw new CryptoFileException(file, "expected only PEM certificates");
        }
        certificates.add(converter.getCertificate(holder));
      }
    } catch (CryptoFileException e) {
      throw e;
    } catch (IOException | CertificateException | RuntimeException e) {
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
    try (PEMParser parser = parser(content)) {
      Object object = parser.readObject();
      if (!(object instanceof PrivateKeyInfo info)) {
        throw new CryptoFileException(file, "expected one unencrypted PKCS#8 PRIVATE KEY block");
      }
      if (parser.readObject() != null) {
        throw new CryptoFileException(file, "more than one PEM block in a private key file");
      }
      return new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (CryptoFileException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // The cause may quote bytes of the key, so only its type is kept.
      throw new CryptoFileException(
          file, "not a valid PKCS#8 private key file (" + e.getClass().getSimpleName() + ")");
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  private static PEMParser parser(byte[] content) {
    return new PEMParser(
        new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.US_ASCII));
  }
}
