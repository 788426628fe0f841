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
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gateway reuses keep-alive upstream connections instead of opening one per request. */
@Timeout(60)
class UpstreamKeepAliveTest {

  /** A keep-alive HTTP/1.1 backend on a raw socket that counts the connections it accepted. */
  private static final class CountingBackend extends RawSocketBackend {
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger closedByPeer = new AtomicInteger();
    final java.util.concurrent.CountDownLatch sendBody = new java.util.concurrent.CountDownLatch(1);

    CountingBackend() throws IOException {
      start();
    }

    @Override
    void accepted(Socket socket) {
      connections.incrementAndGet();
    }

    @Override
    void serve(Socket socket) {
      try (socket;
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
        OutputStream out = socket.getOutputStream();
        while (true) {
          String line = in.readLine();
          if (line == null) {
            closedByPeer.incrementAndGet();
            return;
          }
          boolean stream = line.startsWith("GET /stream");
          while (!(line = in.readLine()).isEmpty()) {
            // headers; requests here have no body
          }
          requests.incrementAndGet();
          if (stream) {
            out.write(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            sendBody.await(10, java.util.concurrent.TimeUnit.SECONDS);
            out.write("4\r\nbody\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            continue;
          }
          out.write(
              "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
      } catch (IOException | NullPointerException | InterruptedException e) {
        // client went away
      }
    }
  }

  private static GatewayServer gatewayTo(CountingBackend backend, Timeouts timeouts)
      throws Exception {
    GatewayConfig config =
        new GatewayConfig(
            List.of(ListenerConfig.plain("public", "127.0.0.1", 0)),
            List.of(RouteConfig.of("all", PathMatch.prefix("/"), "b")),
            List.of(
                ClusterConfig.of(
                    "b", new EndpointAddress("127.0.0.1", backend.server.getLocalPort()))),
            timeouts,
            Limits.DEFAULTS,
            List.of());
    return GatewayServer.builder(config).auditLog(new MemoryAuditLog()).workerThreads(1).build();
  }

  @Test
  void sequentialRequestsShareOneUpstreamConnection() throws Exception {
    try (CountingBackend backend = new CountingBackend()) {
      try (GatewayServer gateway = gatewayTo(backend, Timeouts.DEFAULTS);
          HttpClient client =
              HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
        gateway.start();
        URI uri = URI.create("http://127.0.0.1:" + gateway.port("public") + "/x");
        for (int i = 0; i < 20; i++) {
          HttpResponse<String> r =
              client.send(
                  HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).isEqualTo(200);
          assertThat(r.body()).isEqualTo("ok");
        }
        assertThat(backend.requests.get()).isEqualTo(20);
        assertThat(backend.connections.get()).isEqualTo(1);
      }
    }
  }

  @Test
  void aStreamedResponseHeadReachesTheClientBeforeItsBody() throws Exception {
    try (CountingBackend backend = new CountingBackend()) {
      try (GatewayServer gateway = gatewayTo(backend, Timeouts.DEFAULTS);
          HttpClient client =
              HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
        gateway.start();
        URI uri = URI.create("http://127.0.0.1:" + gateway.port("public") + "/stream");
        HttpResponse<java.io.InputStream> head =
            client
                .sendAsync(
                    HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream())
                .get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(head.statusCode()).isEqualTo(200);
        backend.sendBody.countDown();
        try (java.io.InputStream body = head.body()) {
          assertThat(new String(body.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("body");
        }
      }
    }
  }

  @Test
  void closesIdleClientAndUpstreamConnections() throws Exception {
    try (CountingBackend backend = new CountingBackend()) {
      try (GatewayServer gateway =
              gatewayTo(
                  backend,
                  new Timeouts(
                      Duration.ofSeconds(2),
                      Duration.ofSeconds(5),
                      Duration.ofMillis(400),
                      Duration.ofSeconds(2)));
          Socket client = new Socket()) {
        gateway.start();
        client.connect(
            new java.net.InetSocketAddress(
                InetAddress.getLoopbackAddress(), gateway.port("public")));
        client.setSoTimeout(5000);
        client
            .getOutputStream()
            .write("GET /x HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        java.io.InputStream in = client.getInputStream();
        String answer = "";
        while (!answer.endsWith("\r\n\r\nok")) {
          int b = in.read();
          assertThat(b).as("answer so far: %s", answer).isNotNegative();
          answer += (char) b;
        }
        long answered = System.nanoTime();
        assertThat(in.read()).as("closed by the gateway").isEqualTo(-1);
        long silentMillis = (System.nanoTime() - answered) / 1_000_000;
        assertThat(silentMillis).isBetween(300L, 3000L);
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (backend.closedByPeer.get() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(backend.closedByPeer).as("the idle pooled upstream connection").hasValue(1);
      }
    }
  }
}
