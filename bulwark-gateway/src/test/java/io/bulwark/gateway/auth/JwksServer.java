package io.bulwark.gateway.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local issuer for tests: serves OIDC or RFC 8414 discovery and a JWK set over HTTP on a
 * loopback port, counts JWK set fetches, and can be stopped to simulate an outage.
 */
public final class JwksServer implements AutoCloseable {
  private final HttpServer server;
  private final List<JWK> keys = new CopyOnWriteArrayList<>();
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private final String issuer;

  private JwksServer(boolean oidc) {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    String discovery =
        oidc ? "/.well-known/openid-configuration" : "/.well-known/oauth-authorization-server";
    server.createContext(
        discovery,
        exchange ->
            send(exchange, "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\"}"));
    server.createContext(
        "/jwks",
        exchange -> {
          jwksFetches.incrementAndGet();
          send(exchange, new JWKSet(List.copyOf(keys)).toPublicJWKSet().toString());
        });
    server.start();
  }

  /** A started server answering OpenID Connect discovery. */
  public static JwksServer oidc() {
    return new JwksServer(true);
  }

  /** A started server answering only RFC 8414 discovery. */
  public static JwksServer rfc8414() {
    return new JwksServer(false);
  }

  private static void send(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  public String issuer() {
    return issuer;
  }

  public void publish(JWK key) {
    keys.add(key);
  }

  public void withdrawAll() {
    keys.clear();
  }

  public int jwksFetches() {
    return jwksFetches.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
