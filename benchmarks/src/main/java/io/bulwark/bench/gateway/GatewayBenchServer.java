package io.bulwark.bench.gateway;

import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.gateway.GatewayServer;
import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.ListenerConfig;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.config.Timeouts;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The processes of {@code benchmarks/gateway-wrk.sh}: {@code backend PORT} serves a 2-byte 200 on
 * one epoll thread; {@code gateway PORT BACKEND_PORT THREADS} proxies every path to it (plain
 * proxy, no chain, access log off unless the logger is enabled). Runs until killed.
 */
public final class GatewayBenchServer {
  private GatewayBenchServer() {}

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "backend" -> backend(Integer.parseInt(args[1]));
      case "gateway" ->
          gateway(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      default ->
          throw new IllegalArgumentException("backend PORT | gateway PORT BACKEND_PORT THREADS");
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
        new GatewayConfig(
            List.of(ListenerConfig.plain("bench", "127.0.0.1", port)),
            List.of(RouteConfig.of("all", PathMatch.prefix("/"), "backend")),
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
    GatewayServer server =
        GatewayServer.builder(config)
            .auditLog(
                new AuditLog() {
                  @Override
                  public void append(AuditEvent event) {}

                  @Override
                  public void close() {}
                })
            .workerThreads(threads)
            .build();
    server.start();
    System.out.println("gateway on " + server.port("bench"));
  }
}
