package io.bulwark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.ClusterConfig.EndpointAddress;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.ListenerConfig;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.config.Timeouts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that stops reading makes the gateway stop reading too: neither a large response body nor
 * the answers to pipelined requests pile up in the gateway's memory.
 */
@Timeout(60)
class BackpressureTest {
  private static final int BIG = 128 << 20;
  private static final int ANSWER = 64 << 10;

  private Backend backend;
  private GatewayServer gateway;

  /** Raw HTTP/1.1 keep-alive backend that counts the requests and body bytes it has written. */
  private static final class Backend extends RawSocketBackend {
    final AtomicLong written = new AtomicLong();
    final AtomicInteger requests = new AtomicInteger();
    final java.util.concurrent.CountDownLatch readBodies =
        new java.util.concurrent.CountDownLatch(1);

    Backend() throws IOException {
      start();
    }

    @Override
    void serve(Socket socket) {
      byte[] chunk = new byte[ANSWER];
      java.util.Arrays.fill(chunk, (byte) 'b');
      try (socket;
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
        OutputStream out = socket.getOutputStream();
        for (String line; (line = in.readLine()) != null; ) {
          int size = line.startsWith("GET /big") ? BIG : ANSWER;
          long body = 0;
          for (String h; !(h = in.readLine()).isEmpty(); ) {
            if (h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
              body = Long.parseLong(h.substring(h.indexOf(':') + 1).trim());
            }
          }
          requests.incrementAndGet();
          if (body > 0) {
            readBodies.await(); // the upload waits here until the test lets it through
            for (long left = body; left > 0; left--) {
              in.read();
            }
          }
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          for (int left = size; left > 0; left -= chunk.length) {
            out.write(chunk, 0, Math.min(chunk.length, left));
            written.addAndGet(Math.min(chunk.length, left));
          }
          out.flush();
        }
      } catch (IOException e) {
        // the gateway went away
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @BeforeEach
  void start() throws Exception {
    backend = new Backend();
    GatewayConfig config =
        new GatewayConfig(
            List.of(ListenerConfig.plain("public", "127.0.0.1", 0)),
            List.of(RouteConfig.of("all", PathMatch.prefix("/"), "b")),
            List.of(
                ClusterConfig.of(
                    "b", new EndpointAddress("127.0.0.1", backend.server.getLocalPort()))),
            Timeouts.DEFAULTS,
            new Limits(8192, 32768, 100, BIG),
            List.of());
    gateway = GatewayServer.builder(config).auditLog(new MemoryAuditLog()).workerThreads(1).build();
    gateway.start();
  }

  @AfterEach
  void stop() throws IOException {
    gateway.close();
    backend.close();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket();
    s.setReceiveBufferSize(64 << 10);
    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), gateway.port("public")));
    s.setSoTimeout(20_000);
    return s;
  }

  /** Waits until {@code value} stops changing for 300 ms, and returns it. */
  private static long settled(java.util.function.LongSupplier value) throws InterruptedException {
    long last = -1;
    long now = value.getAsLong();
    while (now != last) {
      last = now;
      Thread.sleep(300);
      now = value.getAsLong();
    }
    return now;
  }

  private static int contentLength(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (head.indexOf("\r\n\r\n") < 0) {
      int b = in.read();
      assertThat(b).as("response head so far: %s", head).isNotNegative();
      head.append((char) b);
    }
    assertThat(head).startsWith("HTTP/1.1 200");
    String lower = head.toString().toLowerCase(java.util.Locale.ROOT);
    int at = lower.indexOf("content-length:") + "content-length:".length();
    return Integer.parseInt(lower.substring(at, lower.indexOf('\r', at)).trim());
  }

  private static long skip(InputStream in, long n) throws IOException {
    byte[] buf = new byte[64 << 10];
    long read = 0;
    while (read < n) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n - read));
      if (r < 0) {
        break;
      }
      read += r;
    }
    return read;
  }

  @Test
  void aLargeBodyStopsAtTheUpstreamWhileTheClientDoesNotRead() throws Exception {
    try (Socket client = connect()) {
      client
          .getOutputStream()
          .write("GET /big HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = client.getInputStream();
      assertThat(contentLength(in)).isEqualTo(BIG);

      long stalled = settled(backend.written::get);
      // Socket buffers on both sides of the gateway hold a few MiB; the gateway itself little.
      assertThat(stalled).isLessThan(BIG / 4);

      assertThat(skip(in, BIG)).isEqualTo(BIG);
      assertThat(backend.written).hasValue(BIG);
    }
  }

  @Test
  void anUploadStopsAtTheClientWhileTheUpstreamDoesNotRead() throws Exception {
    try (Socket client = connect()) {
      AtomicLong sent = new AtomicLong();
      Thread writer =
          Thread.ofVirtual()
              .start(() -> {
                try {
                  OutputStream out = client.getOutputStream();
                  out.write(
                      ("POST /sink HTTP/1.1\r\nHost: t\r\nContent-Length: " + BIG + "\r\n\r\n")
                          .getBytes(StandardCharsets.US_ASCII));
                  byte[] chunk = new byte[ANSWER];
                  for (int left = BIG; left > 0; left -= chunk.length) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                  }
                  out.flush();
                } catch (IOException e) {
                  // reported by the read below
                }
              });
      long stalled = settled(sent::get);
      assertThat(stalled)
          .as("body bytes taken while the upstream reads nothing")
          .isLessThan(BIG / 4);

      backend.readBodies.countDown();
      writer.join();
      assertThat(sent).hasValue(BIG);
      InputStream in = client.getInputStream();
      assertThat(skip(in, contentLength(in))).isEqualTo(ANSWER);
    }
  }

  @Test
  void pipelinedRequestsWaitWhileTheClientDoesNotReadTheAnswers() throws Exception {
    int count = 2000; // 125 MiB of answers
    try (Socket client = connect()) {
      byte[] one = "GET /k HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
      Thread writer =
          Thread.ofVirtual()
              .start(() -> {
                try {
                  OutputStream out = client.getOutputStream();
                  for (int i = 0; i < count; i++) {
                    out.write(one);
                  }
                  out.flush();
                } catch (IOException e) {
                  // reported by the reads below
                }
              });
      long answered = settled(() -> backend.requests.get());
      assertThat(answered).as("requests forwarded while the client reads nothing").isLessThan(500);

      InputStream in = client.getInputStream();
      for (int i = 0; i < count; i++) {
        int length = contentLength(in);
        assertThat(skip(in, length)).isEqualTo(ANSWER);
      }
      writer.join();
      assertThat(backend.requests).hasValue(count);
    }
  }
}
