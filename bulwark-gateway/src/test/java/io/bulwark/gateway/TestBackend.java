package io.bulwark.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A real HTTP upstream for tests (JDK HTTP server). {@code /echo...} answers with the request line
 * and headers; {@code /sink} reads the body and answers its length and SHA-256; {@code /slow} waits
 * 2 s; {@code /big?n=N} streams N bytes. Every request's head is recorded.
 */
final class TestBackend implements AutoCloseable {
  record Seen(String method, String uri, Map<String, List<String>> headers) {
    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null ? null : String.join(",", v);
    }
  }

  final String name;
  final HttpServer server;
  final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  volatile int healthStatus = 200;

  private TestBackend(String name, HttpServer server) {
    this.name = name;
    this.server = server;
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
  }

  static TestBackend start(String name) throws IOException {
    return new TestBackend(
        name, HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64));
  }

  static TestBackend startTls(String name, SSLContext context, boolean requireClientCert)
      throws IOException {
    HttpsServer https =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    https.setHttpsConfigurator(
        new HttpsConfigurator(context) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = context.getDefaultSSLParameters();
            p.setNeedClientAuth(requireClientCert);
            params.setSSLParameters(p);
          }
        });
    return new TestBackend(name, https);
  }

  int port() {
    return server.getAddress().getPort();
  }

  Seen next() throws InterruptedException {
    return seen.poll(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  private void handle(HttpExchange ex) throws IOException {
    if (ex.getRequestURI().getPath().equals("/health")) {
      try (ex) {
        ex.getResponseHeaders().set("X-Backend", name);
        reply(ex, healthStatus, "health");
      }
      return;
    }
    Map<String, List<String>> headers = new TreeMap<>();
    ex.getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
    seen.add(
        new Seen(
            ex.getRequestMethod(),
            ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null
                    ? ""
                    : "?" + ex.getRequestURI().getRawQuery()),
            headers));
    String path = ex.getRequestURI().getPath();
    ex.getResponseHeaders().set("Server", "TestBackend/1.0");
    ex.getResponseHeaders().set("X-Backend", name);
    try (ex) {
      if (path.startsWith("/sink")) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long n = 0;
        byte[] buf = new byte[8192];
        try (InputStream in = ex.getRequestBody()) {
          for (int r; (r = in.read(buf)) > 0; ) {
            sha.update(buf, 0, r);
            n += r;
          }
        }
        reply(ex, 200, n + " " + HexFormat.of().formatHex(sha.digest()));
      } else if (path.startsWith("/fail")) {
        ex.getRequestBody().readAllBytes();
        reply(ex, 500, "broken");
      } else if (path.startsWith("/slow")) {
        Thread.sleep(2000);
        reply(ex, 200, "slow");
      } else if (path.startsWith("/big")) {
        long n = Long.parseLong(ex.getRequestURI().getQuery().substring(2));
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
          byte[] chunk = new byte[8192];
          java.util.Arrays.fill(chunk, (byte) 'b');
          for (long left = n; left > 0; left -= chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, left));
          }
        }
      } else {
        ex.getRequestBody().readAllBytes();
        reply(ex, 200, name + " " + ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath());
      }
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
