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
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** CVE-2023-44487 style: open and immediately reset streams as fast as possible. */
@Timeout(60)
class Http2ResetFloodTest {
  @TempDir Path dir;

  @Test
  void closesConnectionThatFloodsStreamResets() throws Exception {
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
                        Timeouts.DEFAULTS,
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
      AtomicInteger sent = new AtomicInteger();
      Channel ch =
          new Bootstrap()
              .group(group)
              .channel(NioSocketChannel.class)
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                      c.pipeline().addLast(tls.newHandler(c.alloc(), "localhost", 0));
                      c.pipeline().addLast(new Flooder(sent));
                    }
                  })
              .connect("127.0.0.1", gateway.port("tls"))
              .sync()
              .channel();
      boolean closed = ch.closeFuture().await(20, TimeUnit.SECONDS);
      assertThat(closed).as("the gateway closed the flooding connection").isTrue();
      assertThat(sent.get()).isGreaterThan(100);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  /** After the handshake, sends the preface and then HEADERS + RST_STREAM pairs until closed. */
  private static final class Flooder extends ChannelInboundHandlerAdapter {
    private final AtomicInteger sent;
    private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();

    Flooder(AtomicInteger sent) {
      this.sent = sent;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
        ctx.write(Unpooled.wrappedBuffer(Http2CodecUtil.connectionPrefaceBuf()));
        writer.writeSettings(ctx, new Http2Settings(), ctx.newPromise());
        flood(ctx, 1);
      }
    }

    private void flood(ChannelHandlerContext ctx, int firstStream) {
      int stream = firstStream;
      for (int i = 0; i < 50 && ctx.channel().isActive(); i++, stream += 2) {
        DefaultHttp2Headers headers = new DefaultHttp2Headers();
        headers.method("GET").path("/x").scheme("https").authority("localhost");
        writer.writeHeaders(ctx, stream, headers, 0, true, ctx.newPromise());
        writer.writeRstStream(ctx, stream, Http2Error.CANCEL.code(), ctx.newPromise());
        sent.incrementAndGet();
      }
      ctx.flush();
      int next = stream;
      if (ctx.channel().isActive() && next < 20_000) {
        ctx.executor().schedule(() -> flood(ctx, next), 10, TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
