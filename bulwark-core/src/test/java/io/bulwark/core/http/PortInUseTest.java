package io.bulwark.core.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.core.telemetry.Telemetry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortInUseTest {
  @Test
  void startFailsWithPortInUseWhenPortIsHeld() throws Exception {
    try (Telemetry telemetry = Telemetry.create("t", Optional.empty(), 0.0);
        ServerSocket held = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = held.getLocalPort();
      HttpServer server = HttpServer.builder("busy", telemetry).bind("127.0.0.1", port).build();

      assertThatThrownBy(server::start)
          .isInstanceOfSatisfying(
              PortInUseException.class,
              e -> {
                org.assertj.core.api.Assertions.assertThat(e.port()).isEqualTo(port);
                org.assertj.core.api.Assertions.assertThat(e.host()).isEqualTo("127.0.0.1");
              })
          .hasMessage("port " + port + " on 127.0.0.1 is already in use");
    }
  }
}
