package io.bulwark.gateway.hygiene;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderSanitizerTest {
  private final HeaderSanitizer sanitizer = new HeaderSanitizer(new TrustedProxies(List.of()));

  @Test
  void removesHopByHopFieldsInAnyCaseAndTheFieldsConnectionNames() {
    HttpHeaders headers =
        new DefaultHttpHeaders()
            .add("Host", "a")
            .add("CONNECTION", "keep-alive, X-Secret-Hop")
            .add("connection", "Upgrade")
            .add("Keep-Alive", "timeout=5")
            .add("X-Secret-Hop", "1")
            .add("TE", "trailers")
            .add("Trailer", "X-T")
            .add("Upgrade", "h2c")
            .add("Proxy-Authorization", "Basic eA==")
            .add("Proxy-Connection", "keep-alive")
            .add("Accept", "*/*");

    sanitizer.forRequest(headers, "10.0.0.1", false, "a");

    assertThat(headers.names())
        .containsExactlyInAnyOrder(
            "Host", "Accept", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host");
    assertThat(headers.get("x-forwarded-for")).isEqualTo("10.0.0.1");
  }

  @Test
  void keepsOrdinaryFieldsThatOnlyLookLikeHopByHopOnes() {
    HttpHeaders headers =
        new DefaultHttpHeaders()
            .add("Tee", "1")
            .add("Upgrades", "2")
            .add("Content-Length", "0")
            .add("Server", "backend/1.0")
            .add("X-Powered-By", "php");

    sanitizer.forResponse(headers);

    assertThat(headers.names()).containsExactlyInAnyOrder("Tee", "Upgrades", "Content-Length");
    assertThat(HeaderSanitizer.isHopByHop("Transfer-Encoding")).isTrue();
    assertThat(HeaderSanitizer.isHopByHop("transfer-encodings")).isFalse();
  }
}
