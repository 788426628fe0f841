package io.bulwark.gateway.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Last handler of an upstream connection: passes the response to the exchange it is bound to, one
 * message per {@link #demand()}. While the connection sits idle in its pool, anything it receives
 * is unexpected and closes it. One per upstream connection; runs on its event loop.
 */
final class UpstreamHandler extends DemandReader {

  /** What an exchange does with its upstream's events. */
  interface Listener {
    void onResponseHead(HttpResponse response);

    void onResponseContent(HttpContent content);

    /** The upstream socket read that delivered the last messages is over. */
    void onReadComplete();

    void onUpstreamFailure(Throwable cause);

    /** The upstream's channel became writable again (its unsent data fell below the mark). */
    void onWritable();
  }

  private Listener listener;

  UpstreamHandler() {
    super(true);
  }

  void bind(Listener value) {
    this.listener = value;
  }

  void unbind() {
    this.listener = null;
    cancelDemand();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (listener == null) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    super.channelRead(ctx, msg);
  }

  @Override
  protected void onMessage(ChannelHandlerContext ctx, Object msg) {
    Listener l = listener;
    if (l == null) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof HttpResponse response) {
      if (response.decoderResult().isFailure()) {
        ReferenceCountUtil.release(msg);
        l.onUpstreamFailure(response.decoderResult().cause());
        return;
      }
      l.onResponseHead(response);
    }
    if (msg instanceof HttpContent content) {
      l.onResponseContent(content);
    } else if (!(msg instanceof HttpResponse)) {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    Listener l = listener;
    super.channelReadComplete(ctx);
    if (l != null) {
      l.onReadComplete();
    }
  }

  @Override
  protected void onClosed(ChannelHandlerContext ctx) {
    Listener l = listener;
    if (l != null) {
      l.onUpstreamFailure(new java.io.IOException("upstream closed the connection"));
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Listener l = listener;
    if (l != null && ctx.channel().isWritable()) {
      l.onWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent && listener == null) {
      ctx.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Listener l = listener;
    ctx.close();
    if (l != null) {
      l.onUpstreamFailure(cause);
    }
  }
}
