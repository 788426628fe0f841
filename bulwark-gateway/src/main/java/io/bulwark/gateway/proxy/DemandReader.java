package io.bulwark.gateway.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Delivers decoded messages one at a time, only when the subclass has asked for one with {@link
 * #demand()}: the proxy's backpressure. The socket is read while nothing waits here; once a read
 * decoded messages beyond the demand, auto-read is switched off (so at most one read buffer's worth
 * waits) and back on when the demand has taken them all. In the usual exchange nothing waits, so
 * auto-read stays on and the socket's interest set is never changed: each switch is an {@code
 * epoll_ctl} system call, and switching per request cost two of them. Confined to the channel's
 * event loop.
 */
abstract class DemandReader extends ChannelInboundHandlerAdapter {
  private final ArrayDeque<Object> pending = new ArrayDeque<>();
  private ChannelHandlerContext context;
  private boolean demand;
  private boolean draining;
  private boolean inactive;
  private boolean closedReported;
  private final boolean deliverBeforeClose;

  /**
   * @param deliverBeforeClose whether messages decoded before a close are still handed out (on
   *     demand) before {@link #onClosed}, or dropped at once
   */
  DemandReader(boolean deliverBeforeClose) {
    this.deliverBeforeClose = deliverBeforeClose;
  }

  /** Handles one message; ownership passes to the subclass. */
  protected abstract void onMessage(ChannelHandlerContext ctx, Object msg);

  /** Called once the channel closed and every message before the close was handled. */
  protected abstract void onClosed(ChannelHandlerContext ctx);

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.context = ctx;
  }

  /** Asks for the next message. */
  final void demand() {
    demand = true;
    drain();
    if (demand && pending.isEmpty() && !inactive) {
      resumeReading(context);
    }
  }

  private static void resumeReading(ChannelHandlerContext ctx) {
    if (ctx.channel().config().isAutoRead()) {
      return; // already reading
    }
    ctx.channel().config().setAutoRead(true); // reads at once
  }

  /** Puts {@code msg} first in line, to be handed out on the next demand. */
  final void pushBack(Object msg) {
    pending.addFirst(msg);
  }

  /** Drops the demand (the next message waits until {@link #demand()}). */
  final void cancelDemand() {
    demand = false;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    pending.add(msg);
    drain();
    if (!pending.isEmpty() && ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(false); // stops the read loop after this buffer
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (demand && pending.isEmpty() && !inactive) {
      resumeReading(ctx);
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    inactive = true;
    drain();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releasePending();
  }

  /** Releases messages still waiting (after a close or reset). */
  final void releasePending() {
    Object msg;
    while ((msg = pending.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }

  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      while (demand && !pending.isEmpty()) {
        demand = false;
        onMessage(context, pending.poll());
      }
      if (inactive && !closedReported && (pending.isEmpty() || !deliverBeforeClose)) {
        closedReported = true;
        releasePending();
        onClosed(context);
      }
    } finally {
      draining = false;
    }
  }
}
