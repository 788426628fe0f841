package io.bulwark.gateway.proxy;

import io.bulwark.gateway.codec.ClientResponseEncoder;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.Timeouts;
import io.bulwark.gateway.hygiene.GatewayRequestDecoder;
import io.bulwark.gateway.hygiene.IdleTimeout;
import io.bulwark.gateway.tls.TlsContexts;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import java.util.function.Supplier;

/**
 * Builds the pipeline of an accepted client connection: TLS (if the listener has it) with ALPN
 * choosing HTTP/2 or HTTP/1.1, idle timeout, then for HTTP/1.1 the strict request decoder, the
 * response encoder and a {@link ClientHandler}; for HTTP/2 the frame codec (bounded concurrent
 * streams, header list size and stream resets) and one {@link ClientHandler} per stream. Shared by
 * all connections of one listener.
 */
public final class GatewayInitializer extends ChannelInitializer<SocketChannel> {
  /** Most concurrent HTTP/2 streams per connection. */
  public static final int MAX_CONCURRENT_STREAMS = 100;

  /** Most stream resets (RST_STREAM) a client may cause per {@link #RST_WINDOW_SECONDS}. */
  public static final int MAX_RESETS_PER_WINDOW = 100;

  /** The window of {@link #MAX_RESETS_PER_WINDOW}. */
  public static final int RST_WINDOW_SECONDS = 30;

  private final Supplier<GatewayRuntime> runtime;
  private final String listener;
  private final TlsContexts.ServerTls tls;

  /**
   * @param runtime the current runtime (read per request, so a reload applies to new requests)
   * @param listener the listener's name
   * @param tls TLS handler factory, or {@code null} for plain HTTP
   */
  public GatewayInitializer(
      Supplier<GatewayRuntime> runtime, String listener, TlsContexts.ServerTls tls) {
    this.runtime = runtime;
    this.listener = listener;
    this.tls = tls;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    if (tls == null) {
      http1(ch.pipeline());
      return;
    }
    ch.config().setAutoRead(true); // until ALPN has picked the protocol
    ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
    ch.pipeline()
        .addLast(
            "alpn",
            new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
              @Override
              protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                  http2(ctx.pipeline()); // auto-read stays on: h2 flow control is per stream
                } else {
                  ctx.channel().config().setAutoRead(false); // HTTP/1.1 reads on demand
                  http1(ctx.pipeline());
                }
              }
            });
  }

  private void http1(ChannelPipeline p) {
    GatewayRuntime rt = runtime.get();
    Limits limits = rt.config().limits();
    Timeouts timeouts = rt.config().timeouts();
    p.addLast("idle", idle(timeouts));
    p.addLast(
        "decoder",
        new GatewayRequestDecoder(
            limits.maxRequestLineBytes(), limits.maxHeaderBytes(), timeouts.requestHeaders()));
    p.addLast("encoder", new ClientResponseEncoder());
    p.addLast("proxy", new ClientHandler(runtime, listener, tls != null));
  }

  private void http2(ChannelPipeline p) {
    GatewayRuntime rt = runtime.get();
    p.addLast("idle", idle(rt.config().timeouts()));
    p.addLast(
        "h2",
        Http2FrameCodecBuilder.forServer()
            .initialSettings(
                Http2Settings.defaultSettings()
                    .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                    .maxHeaderListSize(rt.config().limits().maxHeaderBytes()))
            .validateHeaders(true)
            .decoderEnforceMaxRstFramesPerWindow(MAX_RESETS_PER_WINDOW, RST_WINDOW_SECONDS)
            .build());
    p.addLast(
        "streams",
        new Http2MultiplexHandler(
            new ChannelInitializer<Http2StreamChannel>() {
              @Override
              protected void initChannel(Http2StreamChannel stream) {
                stream.config().setAutoRead(false);
                stream.pipeline().addLast("h2-http", new Http2StreamFrameToHttpObjectCodec(true));
                stream.pipeline().addLast("proxy", new ClientHandler(runtime, listener, true));
              }
            }));
    p.addLast("errors", new ConnectionErrors());
  }

  /**
   * Ends an HTTP/2 connection whose codec raised a connection error (it already sent GOAWAY), or
   * that carried no frame either way for the idle timeout (the codec sends GOAWAY on close). Its
   * streams' handlers never see the connection's idle event, so without this an idle HTTP/2
   * connection stayed open for good.
   */
  private static final class ConnectionErrors
      extends io.netty.channel.ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof io.netty.handler.timeout.IdleStateEvent) {
        ctx.close();
        return;
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      org.slf4j.LoggerFactory.getLogger(GatewayInitializer.class)
          .debug(
              "closing HTTP/2 connection from {}: {}",
              ctx.channel().remoteAddress(),
              cause.toString());
      ctx.close();
    }
  }

  private static IdleTimeout idle(Timeouts timeouts) {
    return new IdleTimeout(timeouts.idle());
  }
}
