package io.bulwark.gateway.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The keep-alive connections to one endpoint from one event loop: at most {@code maxConnections}
 * open (idle, in use or connecting), the most recently used idle one handed out first, and at most
 * {@code maxWaiters} requests waiting for one, each for at most the acquire timeout. Confined to
 * its event loop, so an acquire or release is a few field and deque operations (Netty's
 * FixedChannelPool made a promise, a listener and a task per acquire, and was thread-safe for
 * callers that are never on another thread here).
 */
final class EndpointPool {
  /** Marks a pooled channel with its pool, so a release needs no lookup. */
  static final AttributeKey<EndpointPool> POOL = AttributeKey.valueOf("bulwark.upstream.pool");

  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final int maxConnections;
  private final int maxWaiters;
  private final long acquireTimeoutNanos;
  private final ArrayDeque<Channel> idle = new ArrayDeque<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private final ChannelFutureListener onClose = this::closed;
  private int open;
  private boolean shut;

  /** A request waiting for a connection, and its timeout. */
  private final class Waiter implements Runnable {
    final UpstreamPools.Acquisition acquisition;
    ScheduledFuture<?> timeout;

    Waiter(UpstreamPools.Acquisition acquisition) {
      this.acquisition = acquisition;
    }

    @Override
    public void run() {
      if (waiters.remove(this)) {
        acquisition.done(
            null, new TimeoutException("no connection to the upstream became free in time"));
      }
    }
  }

  /**
   * @param bootstrap configured for {@code loop}, the endpoint's address and the pipeline
   */
  EndpointPool(
      EventLoop loop,
      Bootstrap bootstrap,
      int maxConnections,
      int maxWaiters,
      long acquireTimeoutNanos) {
    this.loop = loop;
    this.bootstrap = bootstrap;
    this.maxConnections = maxConnections;
    this.maxWaiters = maxWaiters;
    this.acquireTimeoutNanos = acquireTimeoutNanos;
  }

  /** Hands {@code acquisition} a connection now, once one is free, or the reason there is none. */
  void acquire(UpstreamPools.Acquisition acquisition) {
    assert loop.inEventLoop();
    if (shut) {
      acquisition.done(null, new IllegalStateException("the gateway is shutting down"));
      return;
    }
    Channel ch;
    while ((ch = idle.pollLast()) != null) {
      if (ch.isActive()) {
        acquisition.done(ch, null);
        return;
      }
      ch.close(); // closed by the upstream, its close not yet processed
    }
    if (open < maxConnections) {
      connect(acquisition);
      return;
    }
    if (waiters.size() >= maxWaiters) {
      acquisition.done(
          null,
          new RejectedExecutionException(
              "more than " + maxWaiters + " requests wait for a connection to this upstream"));
      return;
    }
    Waiter w = new Waiter(acquisition);
    waiters.add(w);
    w.timeout = loop.schedule(w, acquireTimeoutNanos, TimeUnit.NANOSECONDS);
  }

  /** Takes a connection back: kept for the next request when reusable, else closed. */
  void release(Channel ch, boolean reusable) {
    assert loop.inEventLoop();
    if (!reusable || shut || !ch.isActive()) {
      ch.close(); // the close frees its slot for a waiter
      return;
    }
    Waiter w = nextWaiter();
    if (w != null) {
      w.acquisition.done(ch, null);
      return;
    }
    idle.addLast(ch);
  }

  /** Closes the idle connections, fails the waiters, and closes the others on release. */
  void shutdown() {
    assert loop.inEventLoop();
    shut = true;
    Channel ch;
    while ((ch = idle.poll()) != null) {
      ch.close();
    }
    Waiter w;
    while ((w = nextWaiter()) != null) {
      w.acquisition.done(null, new IllegalStateException("the gateway is shutting down"));
    }
  }

  /** Idle connections now (for tests and metrics). */
  int idleCount() {
    return idle.size();
  }

  /** Connections open now: idle, in use or connecting. */
  int openCount() {
    return open;
  }

  /** The longest-waiting request, its timeout cancelled, or null. */
  private Waiter nextWaiter() {
    Waiter w = waiters.poll();
    if (w != null) {
      w.timeout.cancel(false);
    }
    return w;
  }

  private void connect(UpstreamPools.Acquisition acquisition) {
    open++;
    ChannelFuture connecting = bootstrap.connect();
    Channel ch = connecting.channel();
    ch.attr(POOL).set(this);
    ch.closeFuture().addListener(onClose);
    connecting.addListener(
        (ChannelFutureListener)
            f -> {
              if (f.isSuccess()) {
                acquisition.done(f.channel(), null);
              } else {
                acquisition.done(null, f.cause());
              }
            });
  }

  private void closed(ChannelFuture f) {
    open--;
    idle.remove(f.channel());
    if (!shut && open < maxConnections) {
      Waiter w = nextWaiter();
      if (w != null) {
        connect(w.acquisition);
      }
    }
  }
}
