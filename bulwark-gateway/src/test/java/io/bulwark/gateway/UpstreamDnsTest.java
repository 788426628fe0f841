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
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Upstream host names are resolved without blocking the event loop: {@code localhost} never asks
 * DNS, a name whose DNS server does not answer fails with 502 after the connect timeout while the
 * same (single) event loop keeps serving other requests, and an NXDOMAIN answer fails at once.
 */
@Timeout(60)
class UpstreamDnsTest {
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private TestBackend backend;
  private FakeDns dns;
  private GatewayServer gateway;

  @BeforeEach
  void start() throws Exception {
    backend = TestBackend.start("bakery");
    dns = new FakeDns();
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    dns.close();
    backend.close();
    client.close();
  }

  private int startGateway(Duration connect) throws Exception {
    GatewayConfig config =
        new GatewayConfig(
            List.of(ListenerConfig.plain("public", "127.0.0.1", 0)),
            List.of(
                RouteConfig.of("bakery", PathMatch.prefix("/bakery"), "bakery"),
                RouteConfig.of("ghost", PathMatch.prefix("/ghost"), "ghost")),
            List.of(
                ClusterConfig.of("bakery", new EndpointAddress("localhost", backend.port())),
                ClusterConfig.of("ghost", new EndpointAddress("orders.bulwark-test.invalid", 80))),
            new Timeouts(
                connect, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(10)),
            Limits.DEFAULTS,
            List.of());
    gateway =
        GatewayServer.builder(config)
            .auditLog(new MemoryAuditLog())
            .workerThreads(1)
            .nameServers(List.of(dns.address()))
            .build();
    gateway.start();
    return gateway.port("public");
  }

  private HttpRequest get(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .build();
  }

  @Test
  void anUpstreamNamedLocalhostIsServedWithoutAskingDns() throws Exception {
    int port = startGateway(Duration.ofSeconds(5));

    HttpResponse<String> r =
        client.send(get(port, "/bakery/x"), HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(backend.next().uri()).isEqualTo("/bakery/x");
    assertThat(dns.queries.get()).isZero();
  }

  @Test
  void aNameWhoseDnsNeverAnswersFailsWith502WhileTheEventLoopKeepsServing() throws Exception {
    dns.silent = true;
    int port = startGateway(Duration.ofSeconds(4));

    CompletableFuture<HttpResponse<String>> ghost =
        client.sendAsync(get(port, "/ghost"), HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (dns.queries.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(dns.queries.get()).as("the lookup is under way").isPositive();
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> r =
          client.send(get(port, "/bakery/" + i), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
    }
    assertThat(ghost)
        .as("the lookup still waits, yet the only event loop served 5 requests")
        .isNotDone();

    HttpResponse<String> failed = ghost.get(20, TimeUnit.SECONDS);
    assertThat(failed.statusCode()).isEqualTo(502);
    assertThat(failed.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(failed.body()).contains("upstream-failure");
  }

  @Test
  void aNameTheDnsServerDoesNotKnowFailsWith502AtOnce() throws Exception {
    // A long connect timeout: only the NXDOMAIN answer can end this lookup within the test's time.
    int port = startGateway(Duration.ofSeconds(50));

    CompletableFuture<HttpResponse<String>> ghost =
        client.sendAsync(get(port, "/ghost"), HttpResponse.BodyHandlers.ofString());

    HttpResponse<String> failed = ghost.get(10, TimeUnit.SECONDS);
    assertThat(failed.statusCode()).isEqualTo(502);
    assertThat(failed.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(dns.queries.get()).isPositive();
    assertThat(client.send(get(port, "/bakery"), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
  }

  /**
   * A DNS server on a loopback UDP port that answers every query with NXDOMAIN, or with nothing at
   * all when {@code silent}; counts the queries.
   */
  static final class FakeDns implements AutoCloseable {
    final AtomicInteger queries = new AtomicInteger();
    volatile boolean silent;
    private final DatagramSocket socket;
    private final Thread thread;

    FakeDns() throws SocketException {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      thread = Thread.ofPlatform().daemon().name("fake-dns").start(this::serve);
    }

    InetSocketAddress address() {
      return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
      byte[] buffer = new byte[4096];
      while (!socket.isClosed()) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(packet);
        } catch (java.io.IOException e) {
          return;
        }
        queries.incrementAndGet();
        if (silent || packet.getLength() < 12) {
          continue;
        }
        byte[] answer = Arrays.copyOf(packet.getData(), packet.getLength());
        answer[2] = (byte) (0x80 | (answer[2] & 0x01)); // response, recursion desired as asked
        answer[3] = (byte) 0x83; // recursion available, NXDOMAIN
        try {
          socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
        } catch (java.io.IOException e) {
          return;
        }
      }
    }

    @Override
    public void close() {
      socket.close();
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
