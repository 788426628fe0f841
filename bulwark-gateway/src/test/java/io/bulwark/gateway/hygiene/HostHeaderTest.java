package io.bulwark.gateway.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostHeaderTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "shop",
        "shop.example.com",
        "Shop-1.Example.COM",
        "127.0.0.1",
        "127.0.0.1:8443",
        "shop:1",
        "shop:65535",
        "[::1]",
        "[2001:db8::a:B]:443",
        "[::ffff:192.0.2.1]"
      })
  void acceptsHostNamesAddressesAndPorts(String value) {
    assertThat(HostHeader.isValid(value)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ":80",
        "shop:",
        "shop:123456",
        "shop:8o",
        "shop:80:81",
        "user@shop",
        "shop/admin",
        "shop example",
        "shop,evil",
        "shop_1",
        "[]",
        "[::1",
        "[::1]x",
        "[::1]:",
        "[fe80::1%eth0]",
        "[g::1]",
        "shop\\evil",
        "shöp"
      })
  void refusesEverythingElse(String value) {
    assertThat(HostHeader.isValid(value)).isFalse();
  }
}
