package io.bulwark.gateway.upstream;

import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.HostsFileEntriesResolver;
import io.netty.resolver.dns.DefaultDnsCnameCache;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * How upstream connections and health checks find their endpoints' addresses without blocking an
 * event loop: Netty's asynchronous DNS resolver (one per event loop, UDP with TCP fallback, the
 * system's name servers and {@code /etc/hosts} unless told otherwise), one shared cache that
 * honours record TTLs up to {@value #MAX_TTL_SECONDS} s, remembers failures for {@value
 * #NEGATIVE_TTL_SECONDS} s and holds at most {@value #MAX_CACHED_NAMES} names. IP literals and
 * {@code localhost} never reach DNS; a lookup gets at most the deadline (the connect timeout).
 * Netty's default resolver would call {@code InetAddress.getByName} on the event loop instead.
 */
public final class UpstreamResolverGroup extends AddressResolverGroup<InetSocketAddress> {
  /** Most host names in the cache. */
  public static final int MAX_CACHED_NAMES = 4096;

  /** Longest time a resolved address is kept, whatever its TTL. */
  public static final int MAX_TTL_SECONDS = 300;

  /** How long a failed lookup is remembered. */
  public static final int NEGATIVE_TTL_SECONDS = 5;

  private final DnsNameResolverBuilder builder;
  private final long deadlineMillis;

  /**
   * @param datagramChannel UDP channel class matching the event loops (epoll or NIO)
   * @param socketChannel TCP channel class matching the event loops, for truncated answers
   * @param nameServers DNS servers to ask, or empty for the system's ({@code /etc/resolv.conf})
   * @param deadline most time one lookup may take
   */
  public UpstreamResolverGroup(
      Class<? extends DatagramChannel> datagramChannel,
      Class<? extends SocketChannel> socketChannel,
      List<InetSocketAddress> nameServers,
      Duration deadline) {
    this.deadlineMillis = Math.max(1, deadline.toMillis());
    // Read /etc/resolv.conf and /etc/hosts here, on the caller's thread, not on an event loop.
    DnsServerAddressStreamProvider servers =
        nameServers.isEmpty()
            ? DnsServerAddressStreamProviders.platformDefault()
            : new SequentialDnsServerAddressStreamProvider(nameServers);
    this.builder =
        new DnsNameResolverBuilder()
            .datagramChannelType(datagramChannel)
            .socketChannelType(socketChannel)
            .nameServerProvider(servers)
            .hostsFileEntriesResolver(HostsFileEntriesResolver.DEFAULT)
            .resolveCache(
                new BoundedDnsCache(MAX_CACHED_NAMES, MAX_TTL_SECONDS, NEGATIVE_TTL_SECONDS))
            .cnameCache(new DefaultDnsCnameCache(0, MAX_TTL_SECONDS))
            .queryTimeoutMillis(deadlineMillis)
            .maxQueriesPerResolve(8);
  }

  @Override
  protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
    EventLoop loop = (EventLoop) executor;
    return new LocalFirstNameResolver(loop, builder.copy().eventLoop(loop).build(), deadlineMillis)
        .asAddressResolver();
  }
}
