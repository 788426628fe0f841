package io.bulwark.gateway.proxy;

import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.Timeouts;
import io.bulwark.gateway.hygiene.GatewayRequestDecoder;
import io.bulwark.gateway.tls.TlsContexts;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Builds the pipeline of an accepted client connection: TLS (if the listener has it), idle timeout,
 * the strict request decoder, the response encoder, one-message-per-read flow control, and the
 * {@link ClientHandler}. Shared by all connections of one listener.
 */
public final class GatewayInitializer extends ChannelInitializer<SocketChannel> {
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
    GatewayRuntime rt = runtime.get();
    Limits limits = rt.config().limits();
    Timeouts timeouts = rt.config().timeouts();
    ChannelPipeline p = ch.pipeline();
    if (tls != null) {
      p.addLast("tls", tls.newHandler(ch.alloc()));
    }
    p.addLast(
        "idle", new IdleStateHandler(0, 0, timeouts.idle().toMillis(), TimeUnit.MILLISECONDS));
    p.addLast(
        "decoder",
        new GatewayRequestDecoder(
            limits.maxRequestLineBytes(), limits.maxHeaderBytes(), timeouts.requestHeaders()));
    p.addLast("encoder", new HttpResponseEncoder());
    p.addLast("proxy", new ClientHandler(runtime, listener, tls != null));
  }
}
