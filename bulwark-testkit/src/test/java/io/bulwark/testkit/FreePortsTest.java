package io.bulwark.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  @Test
  void nextReturnsAPortThatCanBeBound() throws IOException {
    int port = FreePorts.next();
    assertThat(port).isBetween(1, 65535);
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void busyHoldsThePortUntilClosed() throws IOException {
    try (ServerSocket held = FreePorts.busy()) {
      assertThat(held.isBound()).isTrue();
      int port = held.getLocalPort();
      assertThatThrownBy(
              () -> {
                try (ServerSocket other = new ServerSocket()) {
                  other.setReuseAddress(false);
                  other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                }
              })
          .isInstanceOf(BindException.class);
    }
  }
}
