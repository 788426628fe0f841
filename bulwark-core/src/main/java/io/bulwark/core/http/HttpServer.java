package io.bulwark.core.http;

import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.json.Json;
import io.bulwark.core.telemetry.Telemetry;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentTooLargeResponse;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import jakarta.servlet.DispatcherType;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTP(S) server of every Bulwark role and example service: Javalin on Jetty with handlers on
 * virtual threads. Every server continues W3C traces, records {@code http.server.requests} by route
 * template, writes one access-log line per request, answers errors as RFC 9457 problems, sets
 * {@code X-Content-Type-Options: nosniff} and {@code Cache-Control: no-store}, hides its {@code
 * Server} banner, and bounds header size, body size and idle time. TLS, when configured, offers
 * only TLS 1.3 and 1.2.
 */
public final class HttpServer implements AutoCloseable {
  /** Default largest request body: 1 MiB. */
  public static final long DEFAULT_MAX_BODY_BYTES = 1L << 20;

  /** Default largest request header block: 16 KiB (room for large JWTs). */
  public static final int DEFAULT_MAX_HEADER_BYTES = 16 << 10;

  /** Default idle timeout of a connection. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Request attribute (a String) where a handler records the authenticated principal, so access
   * denials are audited with who was denied.
   */
  public static final String PRINCIPAL_ATTRIBUTE = "io.bulwark.principal";

  private final String name;
  private final String host;
  private final int requestedPort;

  /**
   * A body declared too large but at most this big is read and discarded before the 413 answer, so
   * the connection closes (or stays) cleanly; closing with unread bytes makes the kernel reset it,
   * and a client still sending then loses the answer.
   */
  static final long MAX_DRAINED_BYTES = 1 << 20;

  private final boolean tls;
  private final SslContextFactory.Server sslContext;
  private final ClientCertificates clientCertificates;
  private final Javalin javalin;
  private ServerConnector connector;

  private HttpServer(Builder b) {
    this.name = b.name;
    this.host = b.host;
    this.requestedPort = b.port;
    this.tls = b.certChainPem != null;
    if (b.clientCaPem != null && !tls) {
      throw new IllegalStateException("client certificates need TLS");
    }
    this.clientCertificates =
        b.clientCaPem == null ? null : ClientCertificates.fromPem(b.clientCaPem, Clock.systemUTC());
    this.sslContext =
        tls ? PemTls.serverContext(b.certChainPem, b.privateKeyPem, clientCertificates) : null;
    this.javalin = Javalin.create(config -> configure(config, b));
  }

  /** Starts describing a server called {@code name} (the {@code server} metric tag). */
  public static Builder builder(String name, Telemetry telemetry) {
    return new Builder(name, telemetry);
  }

  private void configure(JavalinConfig config, Builder b) {
    config.startup.showJavalinBanner = false;
    config.startup.showOldJavalinVersionWarning = false;
    config.startup.startupWatcherEnabled = false;
    config.concurrency.useVirtualThreads = true;
    config.http.maxRequestSize = b.maxBodyBytes;
    config.http.prefer405over404 = true;
    config.http.strictContentTypes = true;
    config.http.generateEtags = false;
    config.jsonMapper(new JavalinJackson(Json.mapper(), true));
    config.router.javaLangErrorHandler(Problems::writeError);

    config.jetty.modifyHttpConfiguration(http -> {
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      http.setRequestHeaderSize(b.maxHeaderBytes);
      http.setResponseHeaderSize(b.maxHeaderBytes);
    });
    config.jetty.modifyServer(server -> server.setErrorHandler(new ProtocolErrorHandler()));
    config.jetty.addConnector((server, http) -> {
      connector = connector(server, http, b, sslContext);
      return connector;
    });
    RequestObserver observer = new RequestObserver(b.name, b.telemetry, b.auditLog);
    config.jetty.modifyServletContextHandler(handler ->
        handler.addFilter(new FilterHolder(observer), "/*", EnumSet.of(DispatcherType.REQUEST)));

    RoutesConfig routes = config.routes;
    long maxBody = b.maxBodyBytes;
    routes.before(ctx -> {
      long length = ctx.req().getContentLengthLong();
      if (length > maxBody) {
        if (length <= MAX_DRAINED_BYTES) {
          drain(ctx.req().getInputStream());
        }
        throw new ContentTooLargeResponse();
      }
    });
    if (clientCertificates != null) {
      routes.before(clientCertificates::check);
    }
    routes.beforeMatched(ctx -> {
      Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
      if (endpoint != null) {
        ctx.req().setAttribute(RequestObserver.ROUTE_ATTRIBUTE, endpoint.path);
      }
    });
    Problems.install(routes);
    b.routes.accept(routes);
  }

  private static ServerConnector connector(
      Server server, HttpConfiguration http, Builder b, SslContextFactory.Server ssl) {
    ServerConnector connector;
    if (ssl == null) {
      connector = new ServerConnector(server, new HttpConnectionFactory(http));
    } else {
      HttpConfiguration https = new HttpConfiguration(http);
      https.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
      connector =
          new ServerConnector(
              server,
              new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
              new HttpConnectionFactory(https));
    }
    connector.setHost(b.host);
    connector.setPort(b.port);
    connector.setIdleTimeout(b.idleTimeout.toMillis());
    return connector;
  }

  /**
   * Binds and starts serving.
   *
   * @throws PortInUseException if another socket holds the host and port
   */
  public HttpServer start() {
    try {
      javalin.start();
    } catch (RuntimeException e) {
      javalin.stop();
      Optional<BindException> bind = causeOfType(e, BindException.class);
      if (bind.isPresent()) {
        throw new PortInUseException(host, requestedPort, bind.get());
      }
      throw e;
    }
    return this;
  }

  private static <T extends Throwable> Optional<T> causeOfType(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }

  /** The server's name, as in its metrics and access log. */
  public String name() {
    return name;
  }

  /** The bound port (the actual one when 0 was requested); only meaningful once started. */
  public int port() {
    if (connector == null || connector.getLocalPort() <= 0) {
      throw new IllegalStateException("server " + name + " is not started");
    }
    return connector.getLocalPort();
  }

  /** The TLS protocols this server accepts, once started; empty for plain HTTP. */
  public java.util.List<String> tlsProtocols() {
    return sslContext == null
        ? java.util.List.of()
        : java.util.List.of(sslContext.getSelectedProtocols());
  }

  /** {@code http(s)://host:port} of the started server; a wildcard host is given as loopback. */
  public URI baseUri() {
    String h =
        switch (host) {
          case "0.0.0.0", "" -> "127.0.0.1";
          case "::", "[::]" -> "[::1]";
          default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
    return URI.create((tls ? "https" : "http") + "://" + h + ":" + port());
  }

  /** Stops accepting requests and releases the port. */
  @Override
  public void close() {
    javalin.stop();
  }

  /** Describes an {@link HttpServer}; every setting has a safe default. */
  public static final class Builder {
    private final String name;
    private final Telemetry telemetry;
    private String host = "127.0.0.1";
    private int port = 0;
    private Path certChainPem;
    private Path privateKeyPem;
    private Path clientCaPem;
    private Consumer<RoutesConfig> routes = r -> {};
    private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxHeaderBytes = DEFAULT_MAX_HEADER_BYTES;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private AuditLog auditLog;

    private Builder(String name, Telemetry telemetry) {
      this.name = Objects.requireNonNull(name, "name");
      this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    }

    /** Address to listen on; default {@code 127.0.0.1:0} (a free loopback port). */
    public Builder bind(String host, int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0-65535, was " + port);
      }
      this.host = Objects.requireNonNull(host, "host");
      this.port = port;
      return this;
    }

    /** Serves HTTPS with this PEM certificate chain (leaf first) and PEM private key. */
    public Builder tls(Path certChainPem, Path privateKeyPem) {
      this.certChainPem = Objects.requireNonNull(certChainPem, "certChainPem");
      this.privateKeyPem = Objects.requireNonNull(privateKeyPem, "privateKeyPem");
      return this;
    }

    /**
     * Asks TLS clients for a certificate (want, not need) and exposes it to handlers as {@link
     * ClientCertificates#verified} when it chains to one of the CA certificates in {@code
     * caCertificatesPem}. The handshake accepts any certificate, so clients without one, or with an
     * unknown one, still connect. Needs {@link #tls}.
     */
    public Builder clientCertificates(Path caCertificatesPem) {
      this.clientCaPem = Objects.requireNonNull(caCertificatesPem, "caCertificatesPem");
      return this;
    }

    /** Declares the routes (and any extra exception handlers) of this server. */
    public Builder routes(Consumer<RoutesConfig> routes) {
      this.routes = Objects.requireNonNull(routes, "routes");
      return this;
    }

    /** Largest request body accepted; larger ones get 413. Default 1 MiB. */
    public Builder maxRequestBodyBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxRequestBodyBytes must be positive");
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /** Largest request header block accepted; larger ones get 431. Default 16 KiB. */
    public Builder maxRequestHeaderBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxRequestHeaderBytes must be at least 1024");
      }
      this.maxHeaderBytes = bytes;
      return this;
    }

    /** How long an idle connection is kept open. Default 30 s. */
    public Builder idleTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("idleTimeout must be positive");
      }
      this.idleTimeout = timeout;
      return this;
    }

    /**
     * Appends an {@code http.request.denied} audit event for every 401 and 403 answer, with the
     * caller's address, the principal a handler recorded under {@link #PRINCIPAL_ATTRIBUTE}, the
     * route and the trace id. Default: no auditing.
     */
    public Builder auditLog(AuditLog auditLog) {
      this.auditLog = Objects.requireNonNull(auditLog, "auditLog");
      return this;
    }

    /** The configured server, not yet started. */
    public HttpServer build() {
      return new HttpServer(this);
    }
  }

  /** Reads and drops the body (the servlet stream ends at its Content-Length). */
  private static void drain(java.io.InputStream body) {
    try {
      body.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (java.io.IOException e) {
      // the client went away; the 413 is answered (or not) all the same
    }
  }
}
