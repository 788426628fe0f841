package io.bulwark.core.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code tls} section: an operator-supplied server certificate, or none, in which case a
 * certificate issued by the local CA under {@code dataDir/tls} is used.
 *
 * @param certFile PEM certificate chain, leaf first
 * @param keyFile PEM PKCS#8 private key matching {@code certFile}; set both or neither
 */
public record TlsConfig(Optional<Path> certFile, Optional<Path> keyFile) {

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException naming the key when only one of the two files is set
   */
  public TlsConfig {
    Checks.present("tls.certFile", certFile);
    Checks.present("tls.keyFile", keyFile);
    if (certFile.isPresent() && keyFile.isEmpty()) {
      throw new ConfigValueException(
          "tls.keyFile", "must be set when tls.certFile is set", "tls.certFile");
    }
    if (keyFile.isPresent() && certFile.isEmpty()) {
      throw new ConfigValueException(
          "tls.certFile", "must be set when tls.keyFile is set", "tls.keyFile");
    }
  }

  /** The documented defaults: no files, so the local CA issues the server certificate. */
  public static TlsConfig defaults() {
    return new TlsConfig(Optional.empty(), Optional.empty());
  }

  /** Whether the operator supplied a certificate and key. */
  public boolean hasOperatorCertificate() {
    return certFile.isPresent();
  }
}
