package io.bulwark.bench.gateway;

import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.telemetry.Telemetry;
import io.bulwark.gateway.GatewayServer;
import io.bulwark.gateway.auth.IssuerSettings;
import io.bulwark.gateway.authz.PolicyStage;
import io.bulwark.gateway.chain.Phase;
import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.ListenerConfig;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.config.Timeouts;
import io.bulwark.gateway.ratelimit.ClusterRateLimitSettings;
import io.bulwark.gateway.ratelimit.KeyPart;
import io.bulwark.gateway.security.GatewaySecurity;
import io.bulwark.policy.PolicyLoader;
import io.bulwark.policy.PolicySet;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * The processes of {@code benchmarks/gateway-wrk.sh}: {@code backend PORT} serves a 2-byte 200 on
 * one epoll thread; {@code gateway PORT BACKEND_PORT THREADS} proxies every path to it (plain
 * proxy, no chain, access log off unless the logger is enabled); {@code chain PORT BACKEND_PORT
 * THREADS POLICY_DIR TOKEN_FILE} proxies {@code /products/{id}} through the full chain: RS256 JWT
 * from a loopback JWKS, revocation check, the policies of {@code POLICY_DIR}, a local rate limit
 * per user (high enough never to refuse) and the access log, and writes a valid token to {@code
 * TOKEN_FILE} (and the issuer's public key to {@code TOKEN_FILE.pub.pem}, for HAProxy's {@code
 * jwt_verify}). Runs until killed.
 *
 * <p>By default the gateways propagate W3C trace context without a tracing SDK and count into a
 * simple meter registry. With {@code -Dbench.telemetry=process} they use the process telemetry that
 * {@code bulwark serve} builds with the default configuration instead: a Prometheus registry and
 * the OpenTelemetry SDK sampling every trace ({@code tracing.sampleRatio: 1.0}), with no exporter.
 */
public final class GatewayBenchServer {
  private GatewayBenchServer() {}

  private static GatewayServer.Builder telemetry(GatewayServer.Builder builder) {
    if ("process".equals(System.getProperty("bench.telemetry"))) {
      builder.telemetry(Telemetry.create("bulwark-bench", Optional.empty(), 1.0));
    }
    return builder;
  }

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "backend" -> backend(Integer.parseInt(args[1]));
      case "gateway" ->
          gateway(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      case "chain" ->
          chain(
              Integer.parseInt(args[1]),
              Integer.parseInt(args[2]),
              Integer.parseInt(args[3]),
              Path.of(args[4]),
              Path.of(args[5]));
      default ->
          throw new IllegalArgumentException(
              "backend PORT | gateway PORT BACKEND_PORT THREADS"
                  + " | chain PORT BACKEND_PORT THREADS POLICY_DIR TOKEN_FILE");
    }
    new CountDownLatch(1).await();
  }

  private static void backend(int port) throws InterruptedException {
    byte[] ok = "ok".getBytes(StandardCharsets.US_ASCII);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    new ServerBootstrap()
        .group(group)
        .channel(EpollServerSocketChannel.class)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536));
                ch.pipeline()
                    .addLast(
                        new SimpleChannelInboundHandler<FullHttpRequest>() {
                          @Override
                          protected void channelRead0(
                              ChannelHandlerContext ctx, FullHttpRequest req) {
                            DefaultFullHttpResponse res =
                                new DefaultFullHttpResponse(
                                    HttpVersion.HTTP_1_1,
                                    HttpResponseStatus.OK,
                                    Unpooled.wrappedBuffer(ok));
                            res.headers().set(HttpHeaderNames.CONTENT_LENGTH, ok.length);
                            res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
                            ctx.writeAndFlush(res);
                          }

                          @Override
                          public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            ctx.close(); // wrk resets its connections at the end
                          }
                        });
              }
            })
        .bind("127.0.0.1", port)
        .sync();
    System.out.println("backend on " + port);
  }

  private static void gateway(int port, int backendPort, int threads) throws Exception {
    GatewayConfig config =
        config(port, backendPort, RouteConfig.of("all", PathMatch.prefix("/"), "backend"));
    GatewayServer server =
        telemetry(GatewayServer.builder(config).auditLog(NO_AUDIT).workerThreads(threads)).build();
    server.start();
    System.out.println("gateway on " + server.port("bench"));
  }

  private static void chain(int port, int backendPort, int threads, Path policyDir, Path tokenFile)
      throws Exception {
    BenchIssuer issuer = BenchIssuer.start();
    PolicySet policies = PolicyLoader.load(policyDir);
    RouteConfig route =
        new RouteConfig(
                "products",
                null,
                PathMatch.template("/products/{id}"),
                Set.of("GET"),
                Map.of(),
                "backend",
                new RouteConfig.PolicyBinding("product", "id", "read"))
            .withRateLimit(
                new RouteConfig.RateLimit(
                    1_000_000_000L, Duration.ofMinutes(1), List.of(KeyPart.USER), false));
    GatewaySecurity security =
        GatewaySecurity.start(
            new GatewaySecurity.Settings(
                List.of(
                    IssuerSettings.builder(issuer.issuer())
                        .audience("catalog")
                        .jwksUri(issuer.jwksUri())
                        .build()),
                List.of(),
                null,
                null,
                null,
                ClusterRateLimitSettings.FailureMode.OPEN,
                GatewaySecurity.DEFAULT_REALM),
            HttpClient.newHttpClient(),
            Clock.systemUTC());
    GatewayServer server =
        security
            .install(
                telemetry(GatewayServer.builder(config(port, backendPort, route)))
                    .auditLog(NO_AUDIT)
                    .workerThreads(threads)
                    .stage(
                        Phase.AUTHORIZATION,
                        PolicyStage.factory(() -> policies, Clock.systemUTC())))
            .build();
    server.start();
    // The key first: the script takes a non-empty token file to mean both are there.
    Files.writeString(Path.of(tokenFile + ".pub.pem"), issuer.publicKeyPem());
    Files.writeString(
        tokenFile, issuer.token("catalog", UUID.randomUUID().toString(), Duration.ofHours(2)));
    System.out.println("gateway (full chain) on " + server.port("bench"));
  }

  private static GatewayConfig config(int port, int backendPort, RouteConfig route) {
    return new GatewayConfig(
        List.of(ListenerConfig.plain("bench", "127.0.0.1", port)),
        List.of(route),
        List.of(
            new ClusterConfig(
                "backend",
                List.of(new ClusterConfig.EndpointAddress("127.0.0.1", backendPort)),
                ClusterConfig.Balancing.ROUND_ROBIN,
                256,
                null)),
        Timeouts.DEFAULTS,
        Limits.DEFAULTS,
        List.of());
  }

  private static final AuditLog NO_AUDIT =
      new AuditLog() {
        @Override
        public void append(AuditEvent event) {}

        @Override
        public void close() {}
      };
}
