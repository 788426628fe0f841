package io.bulwark.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EndpointPoolTest {
  private final MultiThreadIoEventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoop loop = group.next();
  private final ServerSocket server;
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<Socket> peers = new CopyOnWriteArrayList<>();

  EndpointPoolTest() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(() -> {
          while (!server.isClosed()) {
            try {
              peers.add(server.accept());
              accepted.incrementAndGet();
            } catch (IOException e) {
              return;
            }
          }
        });
  }

  @AfterEach
  void stop() throws IOException {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    server.close();
    for (Socket s : peers) {
      s.close();
    }
  }

  private EndpointPool pool(int max, int waiters, long timeoutMillis) {
    return pool(max, waiters, timeoutMillis, server.getLocalPort());
  }

  private EndpointPool pool(int max, int waiters, long timeoutMillis, int port) {
    Bootstrap b =
        new Bootstrap()
            .group(loop)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
            .remoteAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new ChannelInboundHandlerAdapter());
                  }
                });
    return new EndpointPool(loop, b, max, waiters, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
  }

  /** What one acquire got: a channel or a failure. */
  private record Got(Channel channel, Throwable failure) {}

  private CompletableFuture<Got> acquire(EndpointPool pool) {
    CompletableFuture<Got> got = new CompletableFuture<>();
    loop.execute(() -> pool.acquire((ch, failure) -> got.complete(new Got(ch, failure))));
    return got;
  }

  private static Got await(CompletableFuture<Got> f) throws Exception {
    return f.get(5, TimeUnit.SECONDS);
  }

  private static Channel channel(CompletableFuture<Got> f) throws Exception {
    Got got = await(f);
    assertThat(got.failure()).isNull();
    return got.channel();
  }

  /** Connections the server accepted, once that count has settled. */
  private int acceptedSettled() throws InterruptedException {
    int last = -1;
    while (accepted.get() != last) {
      last = accepted.get();
      Thread.sleep(100);
    }
    return last;
  }

  private void onLoop(Runnable r) throws Exception {
    loop.submit(r).get(5, TimeUnit.SECONDS);
  }

  @Test
  void reusesAReleasedConnectionInsteadOfOpeningAnother() throws Exception {
    EndpointPool pool = pool(4, 8, 1000);
    Channel first = channel(acquire(pool));
    onLoop(() -> pool.release(first, true));
    Channel second = channel(acquire(pool));
    assertThat(second).isSameAs(first);
    assertThat(acceptedSettled()).isEqualTo(1);
  }

  @Test
  void handsOutTheMostRecentlyUsedIdleConnectionFirst() throws Exception {
    EndpointPool pool = pool(4, 8, 1000);
    Channel a = channel(acquire(pool));
    Channel b = channel(acquire(pool));
    onLoop(() -> pool.release(a, true));
    onLoop(() -> pool.release(b, true));
    assertThat(channel(acquire(pool))).isSameAs(b);
  }

  @Test
  void aFullPoolQueuesTheRequestUntilAConnectionIsReleased() throws Exception {
    EndpointPool pool = pool(2, 8, 5000);
    Channel a = channel(acquire(pool));
    await(acquire(pool));
    CompletableFuture<Got> waiting = acquire(pool);
    Thread.sleep(100);
    assertThat(waiting).isNotDone();
    onLoop(() -> pool.release(a, true));
    assertThat(await(waiting).channel()).isSameAs(a);
    assertThat(acceptedSettled()).isEqualTo(2);
  }

  @Test
  void aClosedConnectionFreesItsSlotForAWaitingRequest() throws Exception {
    EndpointPool pool = pool(1, 8, 5000);
    Channel a = channel(acquire(pool));
    CompletableFuture<Got> waiting = acquire(pool);
    onLoop(() -> pool.release(a, false)); // not reusable: closed, and a new one opened
    Got got = await(waiting);
    assertThat(got.channel()).isNotSameAs(a);
    assertThat(got.channel().isActive()).isTrue();
    assertThat(a.isOpen()).isFalse();
    onLoop(() -> assertThat(pool.openCount()).isEqualTo(1));
  }

  @Test
  void aWaitingRequestFailsAfterTheAcquireTimeout() throws Exception {
    EndpointPool pool = pool(1, 8, 200);
    await(acquire(pool));
    Got got = await(acquire(pool));
    assertThat(got.channel()).isNull();
    assertThat(got.failure()).isInstanceOf(TimeoutException.class);
  }

  @Test
  void refusesRequestsBeyondTheWaitingBound() throws Exception {
    EndpointPool pool = pool(1, 2, 5000);
    await(acquire(pool));
    acquire(pool);
    acquire(pool);
    Got got = await(acquire(pool));
    assertThat(got.failure()).isInstanceOf(RejectedExecutionException.class);
  }

  @Test
  void skipsAnIdleConnectionTheUpstreamClosed() throws Exception {
    EndpointPool pool = pool(4, 8, 1000);
    Channel a = channel(acquire(pool));
    onLoop(() -> pool.release(a, true));
    a.close().syncUninterruptibly();
    Channel b = channel(acquire(pool));
    assertThat(b).isNotSameAs(a);
    assertThat(b.isActive()).isTrue();
    onLoop(() -> assertThat(pool.openCount()).isEqualTo(1));
  }

  @Test
  void aFailedConnectFreesItsSlot() throws Exception {
    // Port 1 (tcpmux) has no listener and lies outside the ephemeral range: a closed ephemeral
    // port can be connected to by a client that happens to get it as its own source port.
    EndpointPool pool = pool(1, 8, 1000, 1);
    assertThat(await(acquire(pool)).failure()).isInstanceOf(IOException.class);
    assertThat(await(acquire(pool)).failure())
        .as("the slot was freed")
        .isInstanceOf(IOException.class);
    onLoop(() -> assertThat(pool.openCount()).isZero());
  }

  @Test
  void shutdownClosesIdleConnectionsAndFailsWaiters() throws Exception {
    EndpointPool pool = pool(1, 8, 5000);
    Channel a = channel(acquire(pool));
    CompletableFuture<Got> waiting = acquire(pool);
    onLoop(pool::shutdown);
    assertThat(await(waiting).failure()).isInstanceOf(IllegalStateException.class);
    onLoop(() -> pool.release(a, true));
    a.closeFuture().syncUninterruptibly();
    onLoop(() -> assertThat(pool.idleCount()).isZero());
  }
}
