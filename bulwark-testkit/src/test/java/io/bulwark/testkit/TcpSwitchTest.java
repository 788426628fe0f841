package io.bulwark.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpSwitchTest {

  private ServerSocket echo;

  @BeforeEach
  void startEchoServer() throws IOException {
    echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual()
        .start(() -> {
          while (!echo.isClosed()) {
            try {
              Socket socket = echo.accept();
              Thread.ofVirtual().start(() -> echoBack(socket));
            } catch (IOException e) {
              return;
            }
          }
        });
  }

  @AfterEach
  void stopEchoServer() throws IOException {
    echo.close();
  }

  @Test
  void refusesConnectionsUntilSwitchedOnThenRelaysToTheServer() throws IOException {
    try (TcpSwitch relay = new TcpSwitch("127.0.0.1", echo.getLocalPort())) {
      try (Socket whileOff = connect(relay)) {
        assertThat(readOrEnd(whileOff)).isEqualTo(-1);
      }

      relay.on();

      try (Socket client = connect(relay)) {
        assertThat(roundTrip(client, 'x')).isEqualTo('x');
      }
    }
  }

  @Test
  void offCutsOpenConnections() throws IOException {
    try (TcpSwitch relay = new TcpSwitch("127.0.0.1", echo.getLocalPort())) {
      relay.on();
      try (Socket client = connect(relay)) {
        assertThat(roundTrip(client, 'a')).isEqualTo('a');

        relay.off();

        assertThat(readOrEnd(client)).isEqualTo(-1);
      }
    }
  }

  private static Socket connect(TcpSwitch relay) throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), relay.port());
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static int roundTrip(Socket socket, char c) throws IOException {
    socket.getOutputStream().write(c);
    socket.getOutputStream().flush();
    return socket.getInputStream().read();
  }

  private static int readOrEnd(Socket socket) {
    try {
      return socket.getInputStream().read();
    } catch (IOException reset) {
      return -1;
    }
  }

  private static void echoBack(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      for (int b = in.read(); b >= 0; b = in.read()) {
        out.write(b);
        out.flush();
      }
    } catch (IOException e) {
      // client went away
    }
  }
}
