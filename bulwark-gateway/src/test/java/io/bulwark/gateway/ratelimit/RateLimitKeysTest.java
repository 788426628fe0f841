package io.bulwark.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.gateway.auth.AuthMethod;
import io.bulwark.gateway.auth.AuthenticatedPrincipal;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RateLimitKeysTest {
  private static AuthenticatedPrincipal jwt(String sub, String client) {
    return new AuthenticatedPrincipal(
        AuthMethod.JWT,
        "https://id",
        sub,
        client,
        Set.of(),
        Set.of(),
        Map.of(),
        "j",
        "s",
        null,
        null,
        null);
  }

  private static AuthenticatedPrincipal apiKey(String id, String policy) {
    return new AuthenticatedPrincipal(
        AuthMethod.API_KEY,
        null,
        "ci-bot",
        id,
        Set.of(),
        Set.of(),
        Map.of("rate_limit_policy", policy),
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void labelsEachPartSoValuesOfDifferentPartsNeverCollide() throws Exception {
    InetAddress ip = InetAddress.getByName("192.0.2.7");
    var keys = new RateLimitKeys(List.of(KeyPart.ROUTE, KeyPart.USER));

    assertThat(keys.keyFor(jwt("alice", "web"), ip, "orders")).isEqualTo("route=orders|user=alice");
    assertThat(new RateLimitKeys(List.of(KeyPart.CLIENT)).keyFor(jwt("alice", "web"), ip, "r"))
        .isEqualTo("client=web");
  }

  @Test
  void anonymousCallersAreKeyedByTheirAddress() throws Exception {
    InetAddress ip = InetAddress.getByName("192.0.2.7");
    var keys = new RateLimitKeys(List.of(KeyPart.USER));

    assertThat(keys.keyFor(null, ip, "r")).isEqualTo("ip=192.0.2.7");
  }

  @Test
  void apiKeysGetTheirOwnBucketAndPolicy() throws Exception {
    InetAddress ip = InetAddress.getByName("192.0.2.7");
    var keys = new RateLimitKeys(List.of(KeyPart.API_KEY));

    assertThat(keys.keyFor(apiKey("abcdefghijklmnop", "bots"), ip, "r"))
        .isEqualTo("api_key=abcdefghijklmnop");
    assertThat(keys.keyFor(jwt("alice", "web"), ip, "r")).isEqualTo("ip=192.0.2.7");
    assertThat(RateLimitKeys.apiKeyPolicy(apiKey("abcdefghijklmnop", "bots"))).isEqualTo("bots");
    assertThat(RateLimitKeys.apiKeyPolicy(jwt("a", "b"))).isNull();
  }

  @Test
  void ipv6AddressesCountPerSlash64() throws Exception {
    var keys = new RateLimitKeys(List.of(KeyPart.SOURCE_IP));

    String a = keys.keyFor(null, InetAddress.getByName("2001:db8:1:2::1"), "r");
    String b = keys.keyFor(null, InetAddress.getByName("2001:db8:1:2:ffff::9"), "r");
    String c = keys.keyFor(null, InetAddress.getByName("2001:db8:1:3::1"), "r");

    assertThat(a).isEqualTo(b).isEqualTo("source_ip=20010db800010002::/64");
    assertThat(c).isNotEqualTo(a);
  }

  @Test
  void escapesSeparatorsAndHashesLongKeys() throws Exception {
    InetAddress ip = InetAddress.getByName("192.0.2.7");
    var keys = new RateLimitKeys(List.of(KeyPart.USER, KeyPart.ROUTE));

    assertThat(keys.keyFor(jwt("a|route=x", "c"), ip, "y")).isEqualTo("user=a%7Croute%3Dx|route=y");
    assertThat(keys.keyFor(jwt("u".repeat(500), "c"), ip, "y")).startsWith("sha256=").hasSize(50);
  }
}
