package io.bulwark.gateway.hygiene;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Raises Netty's {@link IdleStateEvent#ALL_IDLE_STATE_EVENT} on a connection that has read and
 * written nothing for the idle timeout (and again after each further timeout). Netty's {@code
 * IdleStateHandler} reads the clock on every read and hangs a listener on every write's promise;
 * here a read or write only bumps a counter, and one check per quarter of the timeout looks whether
 * it moved, so the event comes between 1 and 1.25 timeouts after the last traffic. A write counts
 * when it is issued: a peer that stops reading is idle once the timeout passes. One per connection;
 * runs on its event loop.
 */
public final class IdleTimeout extends ChannelDuplexHandler implements Runnable {
  /** Checks per timeout: the event fires at most one check period late. */
  static final int CHECKS_PER_TIMEOUT = 4;

  private final long periodNanos;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> check;
  private long activity;
  private long seen;
  private int quietChecks;
  private boolean stopped;

  /**
   * @param timeout how long a connection may stay silent both ways
   */
  public IdleTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("idle timeout must be positive: " + timeout);
    }
    this.periodNanos = Math.max(1, timeout.toNanos() / CHECKS_PER_TIMEOUT);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
      start();
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    start();
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    stop();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    stop();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    activity++;
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    activity++;
    ctx.write(msg, promise);
  }

  private void start() {
    if (check == null && !stopped) {
      check = ctx.executor().schedule(this, periodNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void stop() {
    stopped = true;
    if (check != null) {
      check.cancel(false);
      check = null;
    }
  }

  /** The periodic check; not for callers. */
  @Override
  public void run() {
    check = null;
    if (stopped || !ctx.channel().isOpen()) {
      return;
    }
    if (activity != seen) {
      seen = activity;
      quietChecks = 0;
    } else if (++quietChecks >= CHECKS_PER_TIMEOUT) {
      quietChecks = 0;
      ctx.fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);
    }
    start();
  }
}
