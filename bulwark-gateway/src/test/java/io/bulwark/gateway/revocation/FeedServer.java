package io.bulwark.gateway.revocation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The identity server's revocation feed as the contract defines it, on a loopback port: {@code GET
 * /revocations?since=<cursor>} with HTTP Basic client authentication, cursors are zero-padded
 * sequence numbers. Records every {@code since} it was asked for; can fail on demand.
 */
public final class FeedServer implements AutoCloseable {
  public static final String CLIENT_ID = "gateway";
  public static final String CLIENT_SECRET = "s3cret:with/odd chars";

  private final HttpServer server;
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<String> sinceSeen = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int failWith;
  private volatile String rawBody;

  public FeedServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/revocations", this::handle);
    server.start();
  }

  public String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Appends an event and returns its cursor. */
  public synchronized String add(
      String kind, String value, Instant issuedBefore, Instant expiresAt) {
    String cursor = String.format("%08d", events.size() + 1);
    events.add(
        "{\"cursor\":\""
            + cursor
            + "\",\"kind\":\""
            + kind
            + "\",\"value\":\""
            + value
            + "\",\"issuedBefore\":\""
            + issuedBefore
            + "\",\"expiresAt\":\""
            + expiresAt
            + "\"}");
    return cursor;
  }

  void failWith(int status) {
    failWith = status;
  }

  void answerRaw(String body) {
    rawBody = body;
  }

  List<String> sinceSeen() {
    return sinceSeen;
  }

  int requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(
                    (CLIENT_ID
                            + ":"
                            + java.net.URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      send(exchange, 401, "{\"error\":\"invalid_client\"}");
      return;
    }
    if (failWith != 0) {
      send(exchange, failWith, "{}");
      return;
    }
    if (rawBody != null) {
      send(exchange, 200, rawBody);
      return;
    }
    String query = exchange.getRequestURI().getRawQuery();
    String since = null;
    if (query != null && query.startsWith("since=")) {
      since = URLDecoder.decode(query.substring(6), StandardCharsets.UTF_8);
    }
    sinceSeen.add(String.valueOf(since));
    int from = since == null ? 0 : Integer.parseInt(since);
    List<String> page = new ArrayList<>();
    synchronized (this) {
      for (int i = from; i < events.size() && page.size() < 2; i++) {
        page.add(events.get(i));
      }
    }
    String cursor = page.isEmpty() ? since : String.format("%08d", from + page.size());
    String body =
        "{\"events\":["
            + String.join(",", page)
            + "],\"cursor\":"
            + (cursor == null ? "\"00000000\"" : "\"" + cursor + "\"")
            + "}";
    send(exchange, 200, body);
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
