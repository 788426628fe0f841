package io.bulwark.core.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads the pre-PKCS#8 key encodings OpenSSL still writes (PKCS#1 RSA, SEC1 EC) through
 * BouncyCastle, which the JDK cannot parse. A class of its own so that BouncyCastle is loaded only
 * when such a file turns up.
 */
final class LegacyPemKeys {
  private LegacyPemKeys() {}

  static PrivateKey read(byte[] content) throws IOException {
    try (PEMParser parser =
        new PEMParser(
            new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.US_ASCII))) {
      for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
        if (item instanceof PEMKeyPair pair) {
          return new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo());
        }
      }
    }
    throw new IOException("no PKCS#1 or SEC1 key pair");
  }
}
