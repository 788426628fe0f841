package io.bulwark.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.core.crypto.LocalCa;
import io.bulwark.core.crypto.ServerCertificate;
import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.ClusterConfig.EndpointAddress;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.ListenerConfig;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.config.ServerTlsConfig;
import io.bulwark.gateway.config.Timeouts;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An HTTP/2 connection that carries nothing for the idle timeout is closed, as HTTP/1.1 is. */
@Timeout(60)
class Http2IdleTimeoutTest {
  @TempDir Path dir;

  @Test
  void closesAnHttp2ConnectionIdleForTheTimeout() throws Exception {
    LocalCa ca = LocalCa.loadOrCreate(dir.resolve("ca"), Clock.systemUTC());
    ServerCertificate cert =
        ca.issueServerCertificate(List.of("localhost"), List.of(), Duration.ofDays(1));
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try (TestBackend backend = TestBackend.start("b");
        GatewayServer gateway =
            GatewayServer.builder(
                    new GatewayConfig(
                        List.of(
                            new ListenerConfig(
                                "tls",
                                "127.0.0.1",
                                0,
                                ServerTlsConfig.of(cert.chain(), cert.privateKey()))),
                        List.of(RouteConfig.of("all", PathMatch.prefix("/"), "b")),
                        List.of(
                            ClusterConfig.of(
                                "b", new EndpointAddress("127.0.0.1", backend.port()))),
                        new Timeouts(
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(5),
                            Duration.ofMillis(500),
                            Duration.ofSeconds(2)),
                        Limits.DEFAULTS,
                        List.of()))
                .auditLog(new MemoryAuditLog())
                .workerThreads(1)
                .build()) {
      gateway.start();
      SslContext tls =
          SslContextBuilder.forClient()
              .trustManager(ca.certificate())
              .applicationProtocolConfig(
                  new ApplicationProtocolConfig(
                      ApplicationProtocolConfig.Protocol.ALPN,
                      ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                      ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                      ApplicationProtocolNames.HTTP_2))
              .build();
      Channel ch =
          new Bootstrap()
              .group(group)
              .channel(NioSocketChannel.class)
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                      c.pipeline().addLast(tls.newHandler(c.alloc(), "localhost", 0));
                      c.pipeline().addLast(new PrefaceThenSilence());
                    }
                  })
              .connect("127.0.0.1", gateway.port("tls"))
              .sync()
              .channel();
      long start = System.nanoTime();
      assertThat(ch.closeFuture().await(10, TimeUnit.SECONDS))
          .as("the gateway closed the idle HTTP/2 connection")
          .isTrue();
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(400L);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** Opens the HTTP/2 connection (preface and SETTINGS), then sends nothing more. */
  private static final class PrefaceThenSilence extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
        ctx.write(Unpooled.wrappedBuffer(Http2CodecUtil.connectionPrefaceBuf()));
        new DefaultHttp2FrameWriter().writeSettings(ctx, new Http2Settings(), ctx.newPromise());
        ctx.flush();
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg); // the server's SETTINGS and, at the end, GOAWAY
    }
  }
}
