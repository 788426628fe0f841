package io.bulwark.audit.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.audit.TestAwait;
import io.bulwark.audit.TestEvents;
import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.chain.AuditSigningKey;
import io.bulwark.audit.file.ChainedFileOptions;
import io.bulwark.audit.sink.AuditMode;
import io.bulwark.audit.sink.Backoff;
import io.bulwark.audit.sink.FanOutAuditLog;
import io.bulwark.audit.sink.SinkOptions;
import io.bulwark.audit.verify.AuditVerifier;
import io.bulwark.audit.verify.VerificationResult;
import io.bulwark.core.config.FsyncPolicy;
import io.bulwark.core.crypto.LocalCa;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyslogAuditSinkTest {

  private static final AuditSigningKey KEY = AuditKeys.generate();
  private static final Pattern HEADER =
      Pattern.compile(
          "<(\\d+)>1 (\\S+Z) (\\S+) bulwark - (event|checkpoint) - (\\{.*\\})", Pattern.DOTALL);

  @TempDir Path dir;

  /** Reads RFC 6587 octet-counted frames from every connection. */
  static final class Collector implements AutoCloseable {
    final ServerSocket server;
    final List<String> messages = Collections.synchronizedList(new ArrayList<>());
    volatile int connections;

    Collector(ServerSocket server) {
      this.server = server;
      Thread.ofVirtual().start(this::accept);
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          connections++;
          Thread.ofVirtual().start(() -> read(socket));
        } catch (IOException e) {
          return;
        }
      }
    }

    private void read(Socket socket) {
      try (socket;
          InputStream in = new BufferedInputStream(socket.getInputStream())) {
        while (true) {
          int length = 0;
          for (int c = in.read(); c != ' '; c = in.read()) {
            if (c < 0) {
              return;
            }
            if (c < '0' || c > '9') {
              throw new IOException("bad frame length");
            }
            length = length * 10 + (c - '0');
          }
          byte[] message = in.readNBytes(length);
          if (message.length < length) {
            return;
          }
          messages.add(new String(message, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // connection ended
      }
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  @Test
  void sendsEveryRecordAsAnOctetCountedRfc5424MessageOverTcp() throws IOException {
    try (Collector collector =
        new Collector(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))) {
      List<String> json = deliver(SyslogConfig.tcp("127.0.0.1", collector.port()), collector);
      assertThat(json).isNotEmpty();
    }
  }

  @Test
  void sendsOverTlsToACollectorWithACertificateForItsName() throws IOException {
    LocalCa ca = LocalCa.loadOrCreate(dir.resolve("ca"), Clock.systemUTC());
    var certificate =
        ca.issueServerCertificate(List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
    SSLContext serverContext = ca.sslContextForServer(certificate);
    ServerSocket tlsServer =
        serverContext
            .getServerSocketFactory()
            .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    try (Collector collector = new Collector(tlsServer)) {
      List<String> json =
          deliver(
              SyslogConfig.tls("localhost", collector.port(), ca.sslContextTrustingCa()),
              collector);
      assertThat(json).isNotEmpty();
    }
  }

  private List<String> deliver(SyslogConfig config, Collector collector) throws IOException {
    long last;
    try (FanOutAuditLog log =
        FanOutAuditLog.open(
            dir.resolve("audit"),
            KEY,
            ChainedFileOptions.defaults()
                .withFsync(FsyncPolicy.BATCH)
                .withCheckpoints(10, Duration.ofHours(1)),
            AuditMode.REQUIRED,
            List.of(
                new FanOutAuditLog.Secondary(
                    new SyslogAuditSink(config),
                    SinkOptions.defaults()
                        .withBackoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), 0))
                        .withBatchSize(8))),
            new SimpleMeterRegistry())) {
      for (int i = 0; i < 25; i++) {
        log.append(TestEvents.loginFailed("alice", i));
      }
      log.primary().checkpoint();
      last = log.primary().lastSeq();
      TestAwait.until("sent", () -> log.backlog("syslog") == 0);
    }
    TestAwait.until("all frames read", () -> collector.messages.size() >= last);
    List<String> json = new ArrayList<>();
    synchronized (collector.messages) {
      for (String message : collector.messages) {
        Matcher matcher = HEADER.matcher(message);
        assertThat(matcher.matches()).as(message).isTrue();
        boolean checkpoint = matcher.group(4).equals("checkpoint");
        assertThat(Integer.parseInt(matcher.group(1))).isEqualTo(checkpoint ? 109 : 110);
        json.add(matcher.group(5));
      }
    }
    assertThat(collector.connections).isEqualTo(1);
    VerificationResult result =
        new AuditVerifier(List.of(KEY.publicKey()), true)
            .verifyRecords(Path.of("syslog"), json.iterator());
    assertThat(result.ok()).as(String.valueOf(result.failure())).isTrue();
    assertThat(result.records()).isEqualTo(last);
    return json;
  }
}
