package io.bulwark.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A test upstream on a plain loopback socket, for what the JDK HTTP server cannot show (counting
 * connections, stalling mid-body): accepts on one virtual thread and serves each connection on
 * another. Subclasses call {@link #start()} once constructed.
 */
abstract class RawSocketBackend implements AutoCloseable {
  final ServerSocket server;

  RawSocketBackend() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  /** Starts accepting. */
  final void start() {
    Thread.ofVirtual().start(this::accept);
  }

  /** Serves one accepted connection until it ends; runs on its own virtual thread. */
  abstract void serve(Socket socket);

  /** Called on the accepting thread for each new connection. */
  void accepted(Socket socket) {}

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        accepted(socket);
        Thread.ofVirtual().start(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
