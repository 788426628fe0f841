package io.bulwark.gateway.upstream;

import io.bulwark.gateway.codec.UpstreamCodec;
import io.bulwark.gateway.config.ClusterConfig.EndpointAddress;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.Timeouts;
import io.bulwark.gateway.hygiene.IdleTimeout;
import io.bulwark.gateway.tls.TlsContexts;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.AddressResolverGroup;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keep-alive connection pools, one per endpoint and event loop, so an exchange and its upstream
 * connection share a thread ({@link EndpointPool}). Each pool is bounded ({@code maxConnections})
 * with a bounded queue of waiting requests that fail after the connect timeout. An idle pooled
 * connection reads with auto-read on so that a close by the upstream is noticed; in use, reads are
 * driven by the exchange for backpressure. Acquire and release on the event loop that is passed
 * (the client connection's); {@link #close} from any thread.
 */
public final class UpstreamPools implements AutoCloseable {
  /** Requests that may wait for a connection per pool beyond {@code maxConnections}. */
  public static final int MAX_PENDING_ACQUIRES = 1024;

  /** Name of the handler that an exchange binds to on an acquired channel. */
  public static final String EXCHANGE_HANDLER = "exchange";

  private final Class<? extends SocketChannel> channelType;
  private final Timeouts timeouts;
  private final Limits limits;
  private final Supplier<ChannelHandler> exchangeHandler;
  private final AddressResolverGroup<?> resolver;
  private final Map<EventLoop, Map<Target, EndpointPool>> pools = new ConcurrentHashMap<>();

  /**
   * Where and how to connect: one pool per distinct target and event loop.
   *
   * @param address the endpoint
   * @param tls client TLS context, or {@code null} for plain HTTP
   * @param tlsName name sent as SNI and verified, or {@code null} for the endpoint host
   * @param maxConnections pool bound
   */
  public record Target(
      EndpointAddress address, SslContext tls, String tlsName, int maxConnections) {}

  /** Receives an acquired connection, or why there is none; called on the event loop. */
  @FunctionalInterface
  public interface Acquisition {
    /**
     * @param channel the connection, bound to nobody, or {@code null} on failure
     * @param failure why there is no connection (connect failure or timeout, too many waiting,
     *     shutting down), or {@code null}
     */
    void done(Channel channel, Throwable failure);
  }

  /**
   * @param channelType the socket channel class matching the event loops (epoll or NIO)
   * @param timeouts connect and idle timeouts
   * @param limits header limits for upstream responses
   * @param exchangeHandler creates the last handler of each new upstream connection
   * @param resolver resolves endpoint host names for each new connection without blocking the event
   *     loop ({@link UpstreamResolverGroup})
   */
  public UpstreamPools(
      Class<? extends SocketChannel> channelType,
      Timeouts timeouts,
      Limits limits,
      Supplier<ChannelHandler> exchangeHandler,
      AddressResolverGroup<?> resolver) {
    this.channelType = channelType;
    this.timeouts = timeouts;
    this.limits = limits;
    this.exchangeHandler = exchangeHandler;
    this.resolver = resolver;
  }

  /**
   * Acquires a connection to {@code key} from {@code loop}, which must be the calling thread;
   * {@code then} gets it (at once when an idle one is pooled). Give it back with {@link #release}.
   */
  public void acquire(EventLoop loop, Target key, Acquisition then) {
    Map<Target, EndpointPool> byKey = pools.get(loop);
    if (byKey == null) {
      byKey = pools.computeIfAbsent(loop, l -> new ConcurrentHashMap<>());
    }
    EndpointPool pool = byKey.get(key);
    if (pool == null) {
      pool = byKey.computeIfAbsent(key, k -> newPool(loop, k));
    }
    pool.acquire(then);
  }

  /**
   * Returns a connection acquired here, on its event loop: kept for the next request when {@code
   * reusable} (a complete keep-alive exchange) and still open, else closed, freeing its slot.
   */
  public void release(Channel channel, boolean reusable) {
    EndpointPool pool = channel.attr(EndpointPool.POOL).get();
    if (pool == null) {
      channel.close();
    } else {
      pool.release(channel, reusable);
    }
  }

  private EndpointPool newPool(EventLoop loop, Target key) {
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(channelType)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeouts.connect().toMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.AUTO_READ, false)
            .resolver(resolver)
            .remoteAddress(
                InetSocketAddress.createUnresolved(key.address().host(), key.address().port()))
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ChannelPipeline p = ch.pipeline();
                    if (key.tls() != null) {
                      p.addLast(
                          "tls",
                          TlsContexts.upstreamHandler(
                              key.tls(),
                              ch.alloc(),
                              key.address().host(),
                              key.address().port(),
                              timeouts.connect().toMillis()));
                    }
                    p.addLast("idle", new IdleTimeout(timeouts.idle()));
                    p.addLast(
                        "codec",
                        new UpstreamCodec(
                            limits.maxRequestLineBytes(), limits.maxHeaderBytes(), 16384));
                    // Auto-read is left as the exchange handler sets it, acquired or not: it reads
                    // while nothing waits, so a pooled connection notices data or a close.
                    p.addLast(EXCHANGE_HANDLER, exchangeHandler.get());
                  }
                });
    return new EndpointPool(
        loop, bootstrap, key.maxConnections(), MAX_PENDING_ACQUIRES, timeouts.connect().toNanos());
  }

  @Override
  public void close() {
    pools.forEach((loop, byKey) -> {
      if (loop.isShuttingDown()) {
        return;
      }
      try {
        loop.execute(() -> byKey.values().forEach(EndpointPool::shutdown));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // the loop stopped meanwhile; its channels close with it
      }
    });
    pools.clear();
  }
}
