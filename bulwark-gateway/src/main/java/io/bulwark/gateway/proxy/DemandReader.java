package io.bulwark.gateway.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Delivers decoded messages one at a time, only when the subclass has asked for one with {@link
 * #demand()}; with auto-read off this is the proxy's backpressure. Messages that one socket read
 * decoded beyond the demand wait here (at most one read buffer's worth), and the socket is read
 * again only when demand is left and nothing waits. Confined to the channel's event loop.
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
      context.read();
    }
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
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (demand && pending.isEmpty() && !inactive) {
      ctx.read();
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
