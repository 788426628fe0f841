package io.bulwark.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Objects;
import redis.embedded.RedisServer;

/**
 * The Redis server that tests use, one per JVM. When {@value #URL_ENV} is set (a URI such as {@code
 * redis://127.0.0.1:6379}) that server is used; otherwise an embedded Redis starts on a free
 * loopback port on first use and stops when the JVM exits.
 *
 * <p>{@link #stop()} and {@link #start()} let fault tests take the embedded server away and bring
 * it back on the same port; on an external server they throw {@link UnsupportedOperationException},
 * since a test must not stop a server it does not own.
 */
public final class TestRedis {

  /** Environment variable naming an existing server to use instead of the embedded one. */
  public static final String URL_ENV = "BULWARK_TEST_REDIS_URL";

  private static final System.Logger LOG = System.getLogger(TestRedis.class.getName());
  private static final int START_ATTEMPTS = 3;
  private static final java.time.Duration STOP_TIMEOUT = java.time.Duration.ofSeconds(10);
  private static TestRedis shared;

  private final String host;
  private final int port;
  private final String uri;
  private final RedisServer server;

  private TestRedis(String host, int port, String uri, RedisServer server) {
    this.host = host;
    this.port = port;
    this.uri = uri;
    this.server = server;
  }

  /** Returns the shared server for this JVM, starting the embedded one on first use if needed. */
  public static synchronized TestRedis get() {
    if (shared == null) {
      String url = System.getenv(URL_ENV);
      if (url != null && !url.isBlank()) {
        shared = external(url.strip());
        LOG.log(
            System.Logger.Level.INFO,
            "Using external Redis from " + URL_ENV + " at " + shared.host + ":" + shared.port);
      } else {
        shared = startEmbedded();
      }
    }
    return shared;
  }

  /** Describes an existing server from a {@code redis://} URI (default port 6379). */
  static TestRedis external(String redisUri) {
    Objects.requireNonNull(redisUri, "redisUri");
    URI parsed = URI.create(redisUri);
    if (!"redis".equals(parsed.getScheme()) || parsed.getHost() == null) {
      throw new IllegalArgumentException(URL_ENV + " must be a redis://host[:port] URI");
    }
    int port = parsed.getPort() < 0 ? 6379 : parsed.getPort();
    return new TestRedis(parsed.getHost(), port, redisUri, null);
  }

  private static TestRedis startEmbedded() {
    LOG.log(System.Logger.Level.INFO, URL_ENV + " is not set: starting embedded Redis");
    IOException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      int port = FreePorts.next();
      RedisServer server;
      try {
        server =
            RedisServer.newRedisServer()
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                .setting("maxmemory 128mb")
                .onShutdownForceStop(true)
                .build();
        server.start();
      } catch (IOException | RuntimeException e) {
        last = e instanceof IOException io ? io : new IOException(e);
        continue;
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      server.stop();
                    } catch (IOException e) {
                      LOG.log(System.Logger.Level.WARNING, "embedded Redis did not stop", e);
                    }
                  },
                  "test-redis-stop"));
      TestRedis instance = new TestRedis("127.0.0.1", port, "redis://127.0.0.1:" + port, server);
      LOG.log(System.Logger.Level.INFO, "Using embedded Redis at " + instance.uri());
      return instance;
    }
    throw new UncheckedIOException("embedded Redis did not start", last);
  }

  /** Host name or address of the server. */
  public String host() {
    return host;
  }

  /** TCP port of the server. */
  public int port() {
    return port;
  }

  /** The server's {@code redis://} URI, as clients such as Lettuce take it. */
  public String uri() {
    return uri;
  }

  /** Whether this is the embedded server started by the test kit. */
  public boolean embedded() {
    return server != null;
  }

  /**
   * Stops the embedded server (clients then see connection refused) until {@link #start()}.
   *
   * @throws UnsupportedOperationException on an external server
   */
  public synchronized void stop() {
    try {
      requireEmbedded().stop();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded Redis did not stop", e);
    }
    awaitPortClosed();
  }

  /** The process may still accept connections for a moment after stop returns; wait it out. */
  private void awaitPortClosed() {
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try (java.net.Socket probe = new java.net.Socket()) {
        probe.connect(new java.net.InetSocketAddress(host, port), 200);
      } catch (IOException refused) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("embedded Redis still accepts connections on port " + port);
  }

  /**
   * Starts the embedded server again on the same port; does nothing if it is running. Its data is
   * gone (nothing is persisted).
   *
   * @throws UnsupportedOperationException on an external server
   */
  public synchronized void start() {
    RedisServer embedded = requireEmbedded();
    if (embedded.isActive()) {
      return;
    }
    try {
      embedded.start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded Redis did not start again on port " + port, e);
    }
  }

  private RedisServer requireEmbedded() {
    if (server == null) {
      throw new UnsupportedOperationException(
          "stop/start works only on the embedded Redis, not on the one from " + URL_ENV);
    }
    return server;
  }

  @Override
  public String toString() {
    return "TestRedis[" + host + ":" + port + (embedded() ? ", embedded" : ", external") + "]";
  }
}
