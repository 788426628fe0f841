package io.bulwark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.core.audit.Outcome;
import io.bulwark.core.crypto.LocalCa;
import io.bulwark.core.crypto.PemFiles;
import io.bulwark.core.crypto.ServerCertificate;
import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.ListenerConfig;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.config.ServerTlsConfig;
import io.bulwark.gateway.config.Timeouts;
import io.bulwark.gateway.reload.CertificateReloader;
import io.bulwark.gateway.reload.ReloadEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Replacing the listener's certificate files while the gateway runs. */
@Timeout(60)
class CertificateReloadTest {
  @TempDir Path dir;

  private ServerCertificate issue(LocalCa ca) {
    return ca.issueServerCertificate(
        List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
  }

  private static void write(Path certFile, Path keyFile, ServerCertificate cert)
      throws IOException {
    PemFiles.writeCertificates(certFile, cert.chain());
    PemFiles.writePrivateKey(keyFile, cert.privateKey());
  }

  private static SSLSocket connect(SSLContext trust, int port) throws IOException {
    SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    return socket;
  }

  private static BigInteger serialSeenBy(SSLContext trust, int port) throws IOException {
    try (SSLSocket socket = connect(trust, port)) {
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  /** Sends a request on {@code socket} and reads the whole response; returns its status line. */
  private static String statusLine(SSLSocket socket) throws IOException {
    socket
        .getOutputStream()
        .write("GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    String status = line(socket);
    int length = 0;
    for (String header = line(socket); !header.isEmpty(); header = line(socket)) {
      if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(header.substring("content-length:".length()).trim());
      }
    }
    socket.getInputStream().readNBytes(length);
    return status;
  }

  private static String line(SSLSocket socket) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = socket.getInputStream().read(); b != '\n'; b = socket.getInputStream().read()) {
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  @Test
  void newHandshakesGetTheNewCertificateAndABadPairKeepsTheOld() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir.resolve("ca"), Clock.systemUTC());
    SSLContext trust = ca.sslContextTrustingCa();
    ServerCertificate first = issue(ca);
    ServerCertificate second = issue(ca);
    Path certFile = dir.resolve("gateway.pem");
    Path keyFile = dir.resolve("gateway-key.pem");
    write(certFile, keyFile, first);
    MemoryAuditLog audit = new MemoryAuditLog();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (TestBackend backend = TestBackend.start("b");
        GatewayServer gateway =
            GatewayServer.builder(
                    new GatewayConfig(
                        List.of(
                            new ListenerConfig(
                                "tls",
                                "127.0.0.1",
                                0,
                                ServerTlsConfig.fromPemFiles(certFile, keyFile))),
                        List.of(RouteConfig.of("r", PathMatch.prefix("/"), "b")),
                        List.of(
                            ClusterConfig.of(
                                "b",
                                new ClusterConfig.EndpointAddress("127.0.0.1", backend.port()))),
                        Timeouts.DEFAULTS,
                        Limits.DEFAULTS,
                        List.of()))
                .auditLog(audit)
                .workerThreads(1)
                .build()) {
      gateway.start();
      int port = gateway.port("tls");
      CertificateReloader reloader =
          CertificateReloader.manual(
              certFile, keyFile, gateway, new ReloadEvents(audit, meters, Clock.systemUTC()));
      assertThat(serialSeenBy(trust, port)).isEqualTo(first.leaf().getSerialNumber());

      try (SSLSocket open = connect(trust, port)) {
        assertThat(statusLine(open)).isEqualTo("HTTP/1.1 200 OK");
        write(certFile, keyFile, second);
        assertThat(reloader.reloadNow()).isEqualTo(ReloadEvents.Result.APPLIED);

        assertThat(serialSeenBy(trust, port)).isEqualTo(second.leaf().getSerialNumber());
        assertThat(statusLine(open)).isEqualTo("HTTP/1.1 200 OK");
        assertThat(((X509Certificate) open.getSession().getPeerCertificates()[0]).getSerialNumber())
            .isEqualTo(first.leaf().getSerialNumber());
      }

      PemFiles.writeCertificates(certFile, issue(ca).chain()); // key no longer matches
      assertThat(reloader.reloadNow()).isEqualTo(ReloadEvents.Result.INVALID);
      assertThat(serialSeenBy(trust, port)).isEqualTo(second.leaf().getSerialNumber());

      Files.writeString(keyFile, "not a key");
      assertThat(reloader.reloadNow()).isEqualTo(ReloadEvents.Result.INVALID);
      assertThat(serialSeenBy(trust, port)).isEqualTo(second.leaf().getSerialNumber());
    }
    assertThat(audit.events)
        .filteredOn(e -> e.type().equals("gateway.reload"))
        .extracting(e -> e.outcome())
        .containsExactly(Outcome.SUCCESS, Outcome.FAILURE, Outcome.FAILURE);
    assertThat(
            audit.events.stream()
                .filter(e -> e.outcome() == Outcome.FAILURE)
                .findFirst()
                .orElseThrow()
                .reason())
        .contains("does not belong");
  }
}
