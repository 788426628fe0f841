package io.bulwark.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TestRedisTest {

  @Test
  void sharedServerAnswersPing() throws IOException {
    TestRedis redis = TestRedis.get();
    assertThat(TestRedis.get()).isSameAs(redis);
    assertThat(redis.uri()).startsWith("redis://");
    assertThat(ping(redis)).isEqualTo("+PONG");
  }

  @Test
  void embeddedServerCanBeStoppedAndStartedOnTheSamePort() throws IOException {
    TestRedis redis = TestRedis.get();
    if (!redis.embedded()) {
      assertThatThrownBy(redis::stop).isInstanceOf(UnsupportedOperationException.class);
      return;
    }
    redis.stop();
    try {
      assertThatThrownBy(() -> ping(redis)).isInstanceOf(ConnectException.class);
    } finally {
      redis.start();
    }
    assertThat(ping(redis)).isEqualTo("+PONG");
  }

  @Test
  void externalServerRefusesStopAndStart() {
    TestRedis external = TestRedis.external("redis://127.0.0.1:6390");
    assertThat(external.host()).isEqualTo("127.0.0.1");
    assertThat(external.port()).isEqualTo(6390);
    assertThat(external.embedded()).isFalse();
    assertThatThrownBy(external::stop).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(external::start).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void externalUriDefaultsToPort6379AndRejectsOtherSchemes() {
    assertThat(TestRedis.external("redis://cache.internal").port()).isEqualTo(6379);
    assertThatThrownBy(() -> TestRedis.external("http://cache.internal"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String ping(TestRedis redis) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(redis.host(), redis.port()), 5000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\r') {
        line.append((char) c);
      }
      return line.toString();
    }
  }
}
