package io.bulwark.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.dns.DnsRecord;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedDnsCacheTest {
  private static final DnsRecord[] NONE = new DnsRecord[0];
  private final EventLoop loop = new DefaultEventLoop();

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void holdsAtMostMaxNamesAndKeepsAnsweringForNamesItHolds() throws Exception {
    BoundedDnsCache cache = new BoundedDnsCache(3, 300, 5);
    InetAddress a = InetAddress.getByAddress(new byte[] {10, 0, 0, 1});
    for (String name : new String[] {"a.test", "b.test", "c.test"}) {
      cache.cache(name, NONE, a, 60, loop);
    }
    cache.cache("a.test", NONE, a, 60, loop);
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.get("c.test", NONE)).hasSize(1);

    cache.cache("d.test", NONE, a, 60, loop);

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.get("a.test", NONE)).isNullOrEmpty();
    assertThat(cache.get("d.test", NONE)).hasSize(1);
  }

  @Test
  void remembersFailuresToo() {
    BoundedDnsCache cache = new BoundedDnsCache(3, 300, 5);

    cache.cache("gone.test", NONE, new UnknownHostException("gone.test"), loop);

    assertThat(cache.get("gone.test", NONE))
        .singleElement()
        .satisfies(e -> assertThat(e.cause()).isInstanceOf(UnknownHostException.class));
  }

  @Test
  void literalsAndLocalhostAreAnsweredWithoutDns() {
    assertThat(LocalFirstNameResolver.local("10.1.2.3").getHostAddress()).isEqualTo("10.1.2.3");
    assertThat(LocalFirstNameResolver.local("::1")).isNotNull();
    assertThat(LocalFirstNameResolver.local("LocalHost"))
        .isEqualTo(InetAddress.getLoopbackAddress());
    assertThat(LocalFirstNameResolver.local("api.localhost."))
        .isEqualTo(InetAddress.getLoopbackAddress());
    assertThat(LocalFirstNameResolver.local("localhost.example.com")).isNull();
    assertThat(LocalFirstNameResolver.local("orders.internal")).isNull();
  }
}
