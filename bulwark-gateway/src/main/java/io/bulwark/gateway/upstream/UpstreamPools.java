package io.bulwark.gateway.upstream;

import io.bulwark.gateway.config.ClusterConfig.EndpointAddress;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.config.Timeouts;
import io.bulwark.gateway.hygiene.IdleTimeout;
import io.bulwark.gateway.tls.TlsContexts;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.FixedChannelPool;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keep-alive connection pools, one per endpoint and event loop, so an exchange and its upstream
 * connection share a thread. Each pool is bounded ({@code maxConnections}) with a bounded queue of
 * waiting requests that fail after the connect timeout. An idle pooled connection reads with
 * auto-read on so that a close by the upstream is noticed; in use, reads are driven by the exchange
 * for backpressure. Thread-safe.
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
  private final Map<EventLoop, Map<Target, FixedChannelPool>> pools = new ConcurrentHashMap<>();

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

  /** Acquires a connection to {@code key} on {@code loop}; release it with {@link #release}. */
  public Future<Channel> acquire(EventLoop loop, Target key) {
    FixedChannelPool pool =
        pools
            .computeIfAbsent(loop, l -> new ConcurrentHashMap<>())
            .computeIfAbsent(key, k -> newPool(loop, k));
    return pool.acquire();
  }

  /** Returns a healthy keep-alive connection to its pool, or closes it and frees its slot. */
  public void release(Channel channel, Target key, boolean reusable) {
    FixedChannelPool pool = poolOf(channel.eventLoop(), key);
    if (!reusable) {
      channel.close();
    }
    if (pool != null) {
      pool.release(channel);
    } else {
      channel.close();
    }
  }

  private FixedChannelPool poolOf(EventLoop loop, Target key) {
    Map<Target, FixedChannelPool> byKey = pools.get(loop);
    return byKey == null ? null : byKey.get(key);
  }

  private FixedChannelPool newPool(EventLoop loop, Target key) {
    Bootstrap bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(channelType)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeouts.connect().toMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.AUTO_READ, false)
            .resolver(resolver)
            .remoteAddress(
                InetSocketAddress.createUnresolved(key.address().host(), key.address().port()));
    return new FixedChannelPool(
        bootstrap,
        new AbstractChannelPoolHandler() {
          @Override
          public void channelCreated(Channel ch) {
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
                new HttpClientCodec(limits.maxRequestLineBytes(), limits.maxHeaderBytes(), 16384));
            p.addLast(EXCHANGE_HANDLER, exchangeHandler.get());
          }

          // Auto-read is left as the exchange handler set it, acquired or not: it reads while
          // nothing waits, so a pooled connection notices data or a close from the server.
        },
        ChannelHealthChecker.ACTIVE,
        FixedChannelPool.AcquireTimeoutAction.FAIL,
        timeouts.connect().toMillis(),
        key.maxConnections(),
        MAX_PENDING_ACQUIRES,
        true,
        true);
  }

  @Override
  public void close() {
    pools.values().forEach(m -> m.values().forEach(FixedChannelPool::closeAsync));
    pools.clear();
  }
}
