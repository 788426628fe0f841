package io.bulwark.gateway.proxy;

import io.netty.channel.ChannelHandler;

/** Factories for the proxy's package-private handlers. */
public final class Handlers {
  private Handlers() {}

  /** The last handler of a new upstream connection. */
  public static ChannelHandler upstream() {
    return new UpstreamHandler();
  }
}
