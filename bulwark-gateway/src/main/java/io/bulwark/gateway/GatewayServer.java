package io.bulwark.gateway;

import io.bulwark.core.audit.AuditLog;
import io.bulwark.gateway.chain.Phase;
import io.bulwark.gateway.chain.RequestStage;
import io.bulwark.gateway.chain.SecurityChain;
import io.bulwark.gateway.chain.StageFactory;
import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.ListenerConfig;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.config.ServerTlsConfig;
import io.bulwark.gateway.hygiene.HeaderSanitizer;
import io.bulwark.gateway.hygiene.TrustedProxies;
import io.bulwark.gateway.observe.AccessLog;
import io.bulwark.gateway.observe.DenialAuditor;
import io.bulwark.gateway.observe.GatewayMetrics;
import io.bulwark.gateway.proxy.GatewayInitializer;
import io.bulwark.gateway.proxy.GatewayRuntime;
import io.bulwark.gateway.route.Router;
import io.bulwark.gateway.tls.KeyPairCheck;
import io.bulwark.gateway.tls.TlsContexts;
import io.bulwark.gateway.upstream.Cluster;
import io.bulwark.gateway.upstream.HealthChecker;
import io.bulwark.gateway.upstream.UpstreamPools;
import io.bulwark.gateway.upstream.UpstreamResolverGroup;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: binds every configured listener and proxies matching requests to upstream clusters
 * through the security chain. Uses native epoll when available, else NIO.
 *
 * <pre>{@code
 * try (GatewayServer gateway = GatewayServer.builder(config).auditLog(audit)
 *     .telemetry(telemetry)
 *     .stage(Phase.AUTHORIZATION, policyStages).build()) {
 *   gateway.start();
 *   int port = gateway.port("public");
 * }
 * }</pre>
 *
 * <p>{@link #start()} and {@link #close()} may be called from any thread; the server is not
 * restartable.
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

  private final GatewayConfig config;
  private final AtomicReference<GatewayRuntime> runtime;
  private final Map<Phase, List<StageFactory>> stages;
  private final java.time.Duration chainTimeout;
  private final AccessLog accessLog;
  private final GatewayMetrics metrics;
  private final OpenTelemetry openTelemetry;
  private final HealthChecker healthChecker;
  private final EventLoopGroup bossGroup;
  private final EventLoopGroup workerGroup;
  private final Class<? extends ServerSocketChannel> serverChannel;
  private final Map<String, Channel> bound = new LinkedHashMap<>();
  private final Map<String, ListenerTls> listenerTls = new LinkedHashMap<>();
  private final DenialAuditor auditor;
  private final UpstreamPools pools;
  private final UpstreamResolverGroup resolver;

  private GatewayServer(Builder b) throws SSLException {
    this.config = b.config;
    boolean epoll = Epoll.isAvailable() && !b.forceNio;
    IoHandlerFactory ioFactory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.bossGroup = new MultiThreadIoEventLoopGroup(1, ioFactory);
    this.workerGroup = new MultiThreadIoEventLoopGroup(b.workerThreads, ioFactory);
    this.serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    Class<? extends SocketChannel> clientChannel =
        epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    this.auditor = new DenialAuditor(b.auditLog, b.clock);
    this.resolver =
        new UpstreamResolverGroup(
            epoll ? EpollDatagramChannel.class : NioDatagramChannel.class,
            clientChannel,
            b.nameServers,
            config.timeouts().connect());
    OpenTelemetry otel = b.openTelemetry != null ? b.openTelemetry : defaultTracing();
    this.pools =
        new UpstreamPools(
            clientChannel,
            config.timeouts(),
            config.limits(),
            io.bulwark.gateway.proxy.Handlers::upstream,
            resolver);
    this.stages = Map.copyOf(b.stages);
    this.chainTimeout = b.chainTimeout;
    this.accessLog = new AccessLog();
    this.metrics = new GatewayMetrics(b.meterRegistry);
    this.openTelemetry = otel;
    this.runtime = new AtomicReference<>(buildRuntime(config, Map.of()));
    this.healthChecker =
        new HealthChecker(
            workerGroup.next(), clientChannel, () -> runtime.get().clusters(), resolver);
    log.info(
        "gateway transport {}, TLS provider {}", epoll ? "epoll" : "nio", TlsContexts.provider());
  }

  private GatewayRuntime buildRuntime(GatewayConfig next, Map<String, Cluster> previous)
      throws SSLException {
    Map<String, Cluster> clusters = new HashMap<>();
    Map<String, SslContext> clusterTls = new HashMap<>();
    for (ClusterConfig c : next.clusters()) {
      Cluster old = previous.get(c.name());
      clusters.put(
          c.name(), old != null && old.config().equals(c) ? old : new Cluster(c, System::nanoTime));
      if (c.tls() != null) {
        clusterTls.put(c.name(), TlsContexts.upstream(c.tls()));
      }
    }
    Map<String, SecurityChain> chains = new HashMap<>();
    for (RouteConfig route : next.routes()) {
      List<SecurityChain.Step> steps = new ArrayList<>();
      stages.forEach((phase, factories) ->
          factories.forEach(
              f -> f.forRoute(route).ifPresent(s -> steps.add(new SecurityChain.Step(phase, s)))));
      chains.put(route.id(), new SecurityChain(steps, chainTimeout));
    }
    return new GatewayRuntime(
        next,
        new Router(next.routes()),
        Map.copyOf(clusters),
        Map.copyOf(clusterTls),
        Map.copyOf(chains),
        new HeaderSanitizer(new TrustedProxies(next.trustedProxies())),
        pools,
        accessLog,
        metrics,
        auditor,
        openTelemetry,
        openTelemetry.getTracer("io.bulwark.gateway"));
  }

  /**
   * Replaces routes, clusters, chains, limits, request timeouts and trusted proxies without
   * dropping a connection: requests already being served finish with the configuration they started
   * with, new requests use the new one. A cluster whose settings did not change keeps its circuit
   * breaker and ejection state. Listeners cannot change (restart for that), nor can the upstream
   * pools' connect and idle timeouts.
   *
   * @throws IllegalArgumentException if the new configuration is invalid or changes the listeners;
   *     the current configuration keeps serving
   */
  public void reload(GatewayConfig next) {
    Objects.requireNonNull(next, "next");
    GatewayRuntime current = runtime.get();
    if (!next.listeners().equals(current.config().listeners())) {
      throw new IllegalArgumentException("listeners cannot change on reload; restart the gateway");
    }
    GatewayRuntime built;
    try {
      built = buildRuntime(next, current.clusters());
    } catch (SSLException | RuntimeException e) {
      throw new IllegalArgumentException("gateway configuration rejected: " + e.getMessage(), e);
    }
    runtime.set(built);
    if (!bound.isEmpty()) {
      healthChecker.watchAll(built.clusterTls());
    }
    log.info(
        "gateway configuration reloaded: {} routes, {} clusters",
        next.routes().size(),
        next.clusters().size());
  }

  /** The configuration currently serving new requests. */
  public GatewayConfig config() {
    return runtime.get().config();
  }

  private static OpenTelemetry defaultTracing() {
    return OpenTelemetry.propagating(
        ContextPropagators.create(W3CTraceContextPropagator.getInstance()));
  }

  /** Starts building a gateway for {@code config}. */
  public static Builder builder(GatewayConfig config) {
    return new Builder(config);
  }

  /**
   * Binds every listener.
   *
   * @throws java.io.UncheckedIOException wrapping the bind failure (such as a port in use); any
   *     listener already bound is closed again
   */
  public synchronized void start() {
    if (!bound.isEmpty()) {
      throw new IllegalStateException("gateway already started");
    }
    try {
      for (ListenerConfig listener : config.listeners()) {
        TlsContexts.ServerTls tls = null;
        if (listener.tls() != null) {
          ListenerTls current =
              new ListenerTls(
                  new AtomicReference<>(
                      new TlsState(listener.tls(), TlsContexts.server(listener.tls()))));
          listenerTls.put(listener.name(), current);
          tls = alloc -> current.state().get().handlers().newHandler(alloc);
        }
        Channel ch =
            new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new GatewayInitializer(runtime::get, listener.name(), tls))
                .bind(new InetSocketAddress(listener.host(), listener.port()))
                .syncUninterruptibly()
                .channel();
        bound.put(listener.name(), ch);
        log.info(
            "gateway listener {} on {}{}",
            listener.name(),
            ch.localAddress(),
            tls == null ? "" : " (TLS)");
      }
    } catch (Exception e) {
      bound.values().forEach(Channel::close);
      bound.clear();
      listenerTls.clear();
      throw new java.io.UncheckedIOException(
          "could not start the gateway: " + e.getMessage(),
          e instanceof java.io.IOException io ? io : new java.io.IOException(e));
    }
    startHealthChecks();
  }

  /**
   * Serves {@code certificate} on every TLS listener from the next handshake on (as the default
   * certificate; SNI certificates and client-certificate settings stay). Connections already open
   * keep the certificate they were set up with. All listeners switch, or none.
   *
   * @throws IllegalArgumentException if the key does not belong to the certificate or a TLS context
   *     cannot be built from them; the old certificate keeps serving
   * @throws IllegalStateException if the gateway has not started or has no TLS listener
   */
  public synchronized void replaceServerCertificate(ServerTlsConfig.KeyMaterial certificate) {
    Objects.requireNonNull(certificate, "certificate");
    if (listenerTls.isEmpty()) {
      throw new IllegalStateException("no started TLS listener");
    }
    if (!KeyPairCheck.matches(certificate.key(), certificate.chain().get(0).getPublicKey())) {
      throw new IllegalArgumentException("the private key does not belong to the certificate");
    }
    Map<ListenerTls, TlsState> next = new HashMap<>();
    for (ListenerTls listener : listenerTls.values()) {
      ServerTlsConfig old = listener.state().get().config();
      ServerTlsConfig updated =
          new ServerTlsConfig(
              certificate, old.sniCertificates(), old.clientCas(), old.clientAuth());
      try {
        next.put(listener, new TlsState(updated, TlsContexts.server(updated)));
      } catch (SSLException | RuntimeException e) {
        throw new IllegalArgumentException("cannot use the new certificate: " + e.getMessage(), e);
      }
    }
    next.forEach((listener, state) -> listener.state().set(state));
    log.info(
        "gateway certificate replaced: serial {}, subject {}, valid until {}",
        certificate.chain().get(0).getSerialNumber().toString(16),
        certificate.chain().get(0).getSubjectX500Principal().getName(),
        certificate.chain().get(0).getNotAfter().toInstant());
  }

  /** The certificate TLS listeners serve to new connections, or empty without TLS listeners. */
  public synchronized java.util.Optional<ServerTlsConfig.KeyMaterial> serverCertificate() {
    return listenerTls.values().stream()
        .findFirst()
        .map(l -> l.state().get().config().certificate());
  }

  /** A TLS listener's current settings and the handler factory built from them. */
  private record TlsState(ServerTlsConfig config, TlsContexts.ServerTls handlers) {}

  /** Swapped as a whole when the certificate changes; identity-keyed on purpose. */
  private static final class ListenerTls {
    private final AtomicReference<TlsState> state;

    ListenerTls(AtomicReference<TlsState> state) {
      this.state = state;
    }

    AtomicReference<TlsState> state() {
      return state;
    }
  }

  private void startHealthChecks() {
    healthChecker.watchAll(runtime.get().clusterTls());
  }

  /** The port a listener is bound to. */
  public synchronized int port(String listener) {
    Channel ch = bound.get(listener);
    if (ch == null) {
      throw new IllegalArgumentException("no bound listener named " + listener);
    }
    return ((InetSocketAddress) ch.localAddress()).getPort();
  }

  /** Bound ports by listener name, in configuration order. */
  public synchronized Map<String, Integer> ports() {
    Map<String, Integer> ports = new LinkedHashMap<>();
    bound.forEach((name, ch) -> ports.put(name, ((InetSocketAddress) ch.localAddress()).getPort()));
    return ports;
  }

  /** Stops accepting, closes connections and pools, and flushes queued audit events. */
  @Override
  public synchronized void close() {
    healthChecker.close();
    bound.values().forEach(ch -> ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS));
    bound.clear();
    pools.close();
    bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    workerGroup
        .shutdownGracefully(0, 2, TimeUnit.SECONDS)
        .awaitUninterruptibly(5, TimeUnit.SECONDS);
    resolver.close();
    auditor.close();
  }

  /** Collects what a gateway needs besides its config. */
  public static final class Builder {
    private final GatewayConfig config;
    private AuditLog auditLog;
    private MeterRegistry meterRegistry = new SimpleMeterRegistry();
    private OpenTelemetry openTelemetry;
    private Clock clock = Clock.systemUTC();
    private int workerThreads = 0;
    private boolean forceNio;
    private java.time.Duration chainTimeout = java.time.Duration.ofSeconds(5);
    private List<InetSocketAddress> nameServers = List.of();
    private final Map<Phase, List<StageFactory>> stages = new EnumMap<>(Phase.class);

    private Builder(GatewayConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** Where {@code gateway.denied} events go. Required. */
    public Builder auditLog(AuditLog value) {
      this.auditLog = value;
      return this;
    }

    /** Uses the process's telemetry: its Prometheus registry and its tracing SDK. */
    public Builder telemetry(io.bulwark.core.telemetry.Telemetry value) {
      this.meterRegistry = value.meters();
      this.openTelemetry = value.openTelemetry();
      return this;
    }

    /** Where meters are registered (the process's Prometheus registry). */
    public Builder meterRegistry(MeterRegistry value) {
      this.meterRegistry = value;
      return this;
    }

    /**
     * Tracing and W3C propagation; by default trace context is propagated but no spans are
     * recorded.
     */
    public Builder openTelemetry(OpenTelemetry value) {
      this.openTelemetry = value;
      return this;
    }

    /** The clock of audit events. */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Event-loop threads; 0 (default) means Netty's default of twice the CPU count. */
    public Builder workerThreads(int value) {
      this.workerThreads = value;
      return this;
    }

    /** Uses NIO even where epoll is available (for tests of the fallback). */
    public Builder forceNio(boolean value) {
      this.forceNio = value;
      return this;
    }

    /** Most time the whole security chain may take per request (default 5 s). */
    public Builder chainTimeout(java.time.Duration value) {
      this.chainTimeout = value;
      return this;
    }

    /**
     * The DNS servers asked for upstream host names; empty (default) means the system's ({@code
     * /etc/resolv.conf}).
     */
    public Builder nameServers(List<InetSocketAddress> value) {
      this.nameServers = List.copyOf(value);
      return this;
    }

    /** Adds a stage factory for {@code phase}; several per phase run in the order added. */
    public Builder stage(Phase phase, StageFactory factory) {
      stages.computeIfAbsent(phase, p -> new ArrayList<>()).add(factory);
      return this;
    }

    /** Adds {@code stage} to every route in {@code phase}. */
    public Builder stageForAllRoutes(Phase phase, RequestStage stage) {
      return stage(phase, route -> java.util.Optional.of(stage));
    }

    /**
     * Builds the gateway (not yet listening).
     *
     * @throws SSLException if a TLS context cannot be built from the configured material
     */
    public GatewayServer build() throws SSLException {
      Objects.requireNonNull(auditLog, "auditLog");
      return new GatewayServer(this);
    }
  }
}
