package io.bulwark.gateway.reload;

import io.bulwark.core.crypto.CryptoFileException;
import io.bulwark.core.crypto.PemFiles;
import io.bulwark.gateway.GatewayServer;
import io.bulwark.gateway.config.ServerTlsConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the TLS listeners' certificate chain and key files and, when they change, serves the new
 * pair to new handshakes ({@link GatewayServer#replaceServerCertificate}); connections already open
 * are untouched. A pair that cannot be read, or whose key does not belong to the certificate, is
 * logged as an error, counted and audited, and the old certificate keeps serving. Replace the two
 * files together (or the key first): a reload between the two writes is refused and the next event
 * retries.
 */
public final class CertificateReloader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CertificateReloader.class);
  private static final String SOURCE = "certificate";

  private final Path certificateFile;
  private final Path keyFile;
  private final GatewayServer server;
  private final ReloadEvents events;
  private FileWatcher watcher;

  private CertificateReloader(
      Path certificateFile, Path keyFile, GatewayServer server, ReloadEvents events) {
    this.certificateFile = certificateFile;
    this.keyFile = keyFile;
    this.server = server;
    this.events = events;
  }

  /** A reloader that acts only when {@link #reloadNow()} is called. */
  public static CertificateReloader manual(
      Path certificateFile, Path keyFile, GatewayServer server, ReloadEvents events) {
    return new CertificateReloader(certificateFile, keyFile, server, events);
  }

  /** Like {@link #manual}, and starts watching both files (debounced). */
  public static CertificateReloader watch(
      Path certificateFile, Path keyFile, GatewayServer server, ReloadEvents events)
      throws IOException {
    CertificateReloader reloader = manual(certificateFile, keyFile, server, events);
    reloader.watcher =
        FileWatcher.start(
            SOURCE,
            List.of(certificateFile, keyFile),
            FileWatcher.DEFAULT_DEBOUNCE,
            reloader::reloadNow);
    log.info("watching {} and {} for certificate changes", certificateFile, keyFile);
    return reloader;
  }

  /** Reads both files and serves them if they form a valid pair; never throws for bad files. */
  public synchronized ReloadEvents.Result reloadNow() {
    ServerTlsConfig.KeyMaterial material;
    try {
      material =
          new ServerTlsConfig.KeyMaterial(
              PemFiles.readCertificates(certificateFile), PemFiles.readPrivateKey(keyFile));
      server.replaceServerCertificate(material);
    } catch (CryptoFileException | IllegalArgumentException e) {
      log.error(
          "gateway certificate not reloaded ({}, {}): {}; the old certificate keeps serving",
          certificateFile,
          keyFile,
          e.getMessage());
      events.record(SOURCE, certificateFile, ReloadEvents.Result.INVALID, e.getMessage());
      return ReloadEvents.Result.INVALID;
    }
    events.record(SOURCE, certificateFile, ReloadEvents.Result.APPLIED, null);
    return ReloadEvents.Result.APPLIED;
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
  }
}
