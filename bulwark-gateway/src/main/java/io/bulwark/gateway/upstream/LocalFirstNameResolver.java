package io.bulwark.gateway.upstream;

import io.netty.resolver.InetNameResolver;
import io.netty.resolver.NameResolver;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Answers IP literals and {@code localhost} (RFC 6761, also {@code *.localhost}) at once and asks
 * the asynchronous DNS resolver for every other name, failing with {@link UnknownHostException}
 * when it has not answered within the deadline. Never blocks its event loop.
 */
final class LocalFirstNameResolver extends InetNameResolver {
  private final NameResolver<InetAddress> dns;
  private final long deadlineMillis;

  LocalFirstNameResolver(
      EventExecutor executor, NameResolver<InetAddress> dns, long deadlineMillis) {
    super(executor);
    this.dns = dns;
    this.deadlineMillis = deadlineMillis;
  }

  /** The address of an IP literal or a loopback name, or null when DNS must be asked. */
  static InetAddress local(String host) {
    InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
    if (literal != null) {
      return literal;
    }
    String name = host.toLowerCase(Locale.ROOT);
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return InetAddress.getLoopbackAddress();
    }
    return null;
  }

  @Override
  protected void doResolve(String host, Promise<InetAddress> promise) {
    InetAddress local = local(host);
    if (local != null) {
      promise.setSuccess(local);
      return;
    }
    relay(host, dns.resolve(host), promise);
  }

  @Override
  protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
    InetAddress local = local(host);
    if (local != null) {
      promise.setSuccess(List.of(local));
      return;
    }
    relay(host, dns.resolveAll(host), promise);
  }

  private <T> void relay(String host, Future<T> lookup, Promise<T> promise) {
    ScheduledFuture<?> deadline =
        executor()
            .schedule(
                () -> {
                  if (promise.tryFailure(
                      new UnknownHostException(
                          host + ": no DNS answer within " + deadlineMillis + " ms"))) {
                    lookup.cancel(false);
                  }
                },
                deadlineMillis,
                TimeUnit.MILLISECONDS);
    lookup.addListener(f -> {
      deadline.cancel(false);
      if (f.isSuccess()) {
        promise.trySuccess(lookup.getNow());
      } else {
        promise.tryFailure(f.cause());
      }
    });
  }

  @Override
  public void close() {
    dns.close();
  }
}
