package io.bulwark.gateway.upstream;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.resolver.dns.DefaultDnsCache;
import io.netty.resolver.dns.DnsCache;
import io.netty.resolver.dns.DnsCacheEntry;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Netty's TTL-honouring {@link DefaultDnsCache} with a bound on the number of host names: caching a
 * new name when {@code maxNames} are held empties the cache first. Upstream names come from the
 * configuration, so the bound is a safety net, not an eviction policy. Thread-safe.
 */
final class BoundedDnsCache implements DnsCache {
  private final DefaultDnsCache delegate;
  private final Set<String> names = ConcurrentHashMap.newKeySet();
  private final int maxNames;

  /**
   * @param maxNames most host names held
   * @param maxTtlSeconds records are kept at most this long, whatever their TTL
   * @param negativeTtlSeconds how long a failed lookup is remembered
   */
  BoundedDnsCache(int maxNames, int maxTtlSeconds, int negativeTtlSeconds) {
    this.delegate = new DefaultDnsCache(0, maxTtlSeconds, negativeTtlSeconds);
    this.maxNames = maxNames;
  }

  @Override
  public void clear() {
    names.clear();
    delegate.clear();
  }

  @Override
  public boolean clear(String hostname) {
    names.remove(hostname);
    return delegate.clear(hostname);
  }

  @Override
  public List<? extends DnsCacheEntry> get(String hostname, DnsRecord[] additionals) {
    return delegate.get(hostname, additionals);
  }

  @Override
  public DnsCacheEntry cache(
      String hostname, DnsRecord[] additionals, InetAddress address, long ttl, EventLoop loop) {
    admit(hostname);
    return delegate.cache(hostname, additionals, address, ttl, loop);
  }

  @Override
  public DnsCacheEntry cache(
      String hostname, DnsRecord[] additionals, Throwable cause, EventLoop loop) {
    admit(hostname);
    return delegate.cache(hostname, additionals, cause, loop);
  }

  /** Number of host names currently counted (expired ones may still count until the next clear). */
  int size() {
    return names.size();
  }

  private void admit(String hostname) {
    if (!names.contains(hostname) && names.size() >= maxNames) {
      clear();
    }
    names.add(hostname);
  }
}
