package io.bulwark.audit.chain;

import io.bulwark.core.crypto.PemFiles;
import io.bulwark.core.fs.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Files and ids of the Ed25519 checkpoint key (<a href="https://www.rfc-editor.org/rfc/rfc8032">RFC
 * 8032</a>, through the JDK's provider). The private key is a PKCS#8 PEM file of mode 0600 ({@link
 * PemFiles}); the public key is written beside it as {@code <name>.pub.pem} (SubjectPublicKeyInfo,
 * {@code PUBLIC KEY}, mode 0644) for whoever verifies the log.
 */
public final class AuditKeys {

  private static final int MAX_PEM = 16 * 1024;

  private AuditKeys() {}

  /** A new random Ed25519 key. */
  public static AuditSigningKey generate() {
    try {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      return new AuditSigningKey(pair.getPrivate(), pair.getPublic(), keyId(pair.getPublic()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK provides Ed25519", e);
    }
  }

  /**
   * Loads the key at {@code privatePem}, or creates it (and its public file) if missing. The public
   * file is rewritten if it is missing.
   *
   * @throws IOException if a file cannot be read or written, or does not hold an Ed25519 key
   */
  public static AuditSigningKey loadOrCreate(Path privatePem) throws IOException {
    AuditSigningKey key;
    if (Files.exists(privatePem)) {
      key = load(privatePem);
    } else {
      key = generate();
      PemFiles.writePrivateKey(privatePem, key.privateKey());
    }
    Path publicPem = publicKeyFile(privatePem);
    if (!Files.exists(publicPem)) {
      writePublicKey(publicPem, key.publicKey());
    }
    return key;
  }

  /**
   * Loads the Ed25519 private key at {@code privatePem} and derives its public key.
   *
   * @throws IOException if the file is missing, readable by others, or not an Ed25519 key
   */
  public static AuditSigningKey load(Path privatePem) throws IOException {
    PrivateKey read = PemFiles.readPrivateKey(privatePem);
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(read.getEncoded());
      if (!EdECObjectIdentifiers.id_Ed25519.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
        throw new AuditKeyException(privatePem, "not an Ed25519 private key");
      }
      byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
      byte[] rawPublic = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
      byte[] spki =
          new SubjectPublicKeyInfo(
                  new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), rawPublic)
              .getEncoded();
      KeyFactory factory = KeyFactory.getInstance("Ed25519");
      PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(read.getEncoded()));
      PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(spki));
      return new AuditSigningKey(privateKey, publicKey, keyId(publicKey));
    } catch (AuditKeyException e) {
      throw e;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new AuditKeyException(
          privatePem, "not a valid Ed25519 private key (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Where {@link #loadOrCreate} writes the public key for {@code privatePem}. */
  public static Path publicKeyFile(Path privatePem) {
    String name = privatePem.getFileName().toString();
    String base = name.endsWith(".pem") ? name.substring(0, name.length() - 4) : name;
    return privatePem.resolveSibling(base + ".pub.pem");
  }

  /** The PEM text ({@code PUBLIC KEY}) of {@code key}. */
  public static String publicKeyPem(PublicKey key) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  /** Writes {@code key} as PEM to {@code file} atomically, mode 0644. */
  public static void writePublicKey(Path file, PublicKey key) throws IOException {
    AtomicFiles.write(file, publicKeyPem(key).getBytes(StandardCharsets.US_ASCII), false);
  }

  /**
   * Reads one Ed25519 public key from a PEM file.
   *
   * @throws IOException if the file is missing, too large, or not one Ed25519 {@code PUBLIC KEY}
   */
  public static PublicKey readPublicKey(Path file) throws IOException {
    if (Files.size(file) > MAX_PEM) {
      throw new AuditKeyException(file, "file is too large for a public key");
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    String begin = "-----BEGIN PUBLIC KEY-----";
    String end = "-----END PUBLIC KEY-----";
    if (!text.startsWith(begin) || !text.endsWith(end)) {
      throw new AuditKeyException(file, "expected one PEM PUBLIC KEY block");
    }
    String body = text.substring(begin.length(), text.length() - end.length());
    try {
      PublicKey key =
          KeyFactory.getInstance("Ed25519")
              .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
      if (!isEd25519(key)) {
        throw new AuditKeyException(file, "not an Ed25519 public key");
      }
      return key;
    } catch (AuditKeyException e) {
      throw e;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new AuditKeyException(file, "not a valid Ed25519 public key");
    }
  }

  /**
   * The id of a public key: {@code ed25519:} and the first 16 hex digits of the SHA-256 of its
   * SubjectPublicKeyInfo encoding.
   */
  public static String keyId(PublicKey key) {
    byte[] digest = Hashes.sha256().digest(key.getEncoded());
    return "ed25519:" + HexFormat.of().formatHex(digest, 0, 8);
  }

  /**
   * Whether {@code signatureB64} is a valid Ed25519 signature by {@code key} over {@code bytes}.
   */
  public static boolean verify(PublicKey key, byte[] bytes, String signatureB64) {
    try {
      byte[] raw = Base64.getUrlDecoder().decode(signatureB64);
      Signature signature = Signature.getInstance("Ed25519");
      signature.initVerify(key);
      signature.update(bytes);
      return signature.verify(raw);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  static boolean isEd25519(PublicKey key) {
    String algorithm = key.getAlgorithm();
    return "Ed25519".equalsIgnoreCase(algorithm)
        || "EdDSA".equalsIgnoreCase(algorithm) && key.getEncoded().length == 44;
  }
}
