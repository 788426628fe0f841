package io.bulwark.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Loopback TCP ports for tests: a port that was free a moment ago, or one that is held busy for
 * "address already in use" tests. Prefer binding port 0 directly where the code under test allows
 * it; use {@link #next()} only where a port must be known before the server starts.
 */
public final class FreePorts {

  private FreePorts() {}

  /**
   * Returns a loopback port that the kernel handed out for port 0 and that is free again now.
   * Another process may take it before the caller binds it, so use it at once.
   */
  public static int next() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free loopback port", e);
    }
  }

  /**
   * Returns a server socket bound to a loopback port and left open, so the port stays in use until
   * the caller closes it (use try-with-resources).
   */
  public static ServerSocket busy() {
    try {
      ServerSocket socket = new ServerSocket();
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
      return socket;
    } catch (IOException e) {
      throw new UncheckedIOException("could not bind a loopback port", e);
    }
  }
}
