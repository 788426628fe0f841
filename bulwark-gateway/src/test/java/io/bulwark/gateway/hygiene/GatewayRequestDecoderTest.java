package io.bulwark.gateway.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The header scan in front of Netty's decoder, on whole and split inputs, short and long. */
class GatewayRequestDecoderTest {

  private static HttpRequest decode(String... parts) {
    EmbeddedChannel channel =
        new EmbeddedChannel(new GatewayRequestDecoder(8192, 65536, Duration.ofSeconds(10)));
    try {
      for (String part : parts) {
        ByteBuf buf = channel.alloc().directBuffer();
        buf.writeBytes(part.getBytes(StandardCharsets.ISO_8859_1));
        channel.writeInbound(buf);
      }
      Object msg = channel.readInbound();
      assertThat(msg).isInstanceOf(HttpRequest.class);
      Object rest;
      while ((rest = channel.readInbound()) != null) {
        ReferenceCountUtil.release(rest);
      }
      return (HttpRequest) msg;
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  private static String failure(HttpRequest request) {
    assertThat(request.decoderResult().isFailure()).isTrue();
    return request.decoderResult().cause().getMessage();
  }

  @Test
  void passesAWellFormedRequestWithALongHeaderSplitAcrossReads() {
    String token = "a".repeat(3 * 4096);
    String head = "GET /x HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " + token + "\r\n\r\n";

    HttpRequest request =
        decode(head.substring(0, 100), head.substring(100, 5000), head.substring(5000));

    assertThat(request.decoderResult().isSuccess()).isTrue();
    assertThat(request.headers().get("Authorization")).hasSize(7 + token.length());
  }

  @Test
  void refusesObsoleteLineFolding() {
    assertThat(failure(decode("GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n  2\r\n\r\n")))
        .contains("folding");
  }

  @Test
  void refusesAControlCharacterAtTheEndOfALongHeader() {
    String padding = "b".repeat(2 * 4096);
    assertThat(failure(decode("GET / HTTP/1.1\r\nHost: h\r\nX-P: " + padding + "\u0001\r\n\r\n")))
        .contains("invalid character");
  }

  @Test
  void refusesATabInTheRequestLineAndDelInAHeader() {
    assertThat(failure(decode("GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n"))).contains("invalid character");
    assertThat(failure(decode("GET / HTTP/1.1\r\nHost: h\u007f\r\n\r\n")))
        .contains("invalid character");
  }

  @Test
  void skipsEmptyLinesBeforeTheRequestLine() {
    HttpRequest request = decode("\r\n\r\nGET /y HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(request.decoderResult().isSuccess()).isTrue();
    assertThat(request.uri()).isEqualTo("/y");
  }

  @Test
  void refusesABareCarriageReturnInsideAHeaderValue() {
    assertThat(failure(decode("GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r2\r\n\r\n")))
        .contains("invalid character");
  }

  @Test
  void checksHeaderValuesAddedAfterTheScannedHead() {
    HttpRequest request = decode("GET / HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThatThrownBy(() -> request.headers().add("X-Injected", "a\r\nX-Evil: 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> request.headers().set("X-Injected", "\u0000"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAControlCharacterInATrailerTheScanDoesNotCover() {
    EmbeddedChannel channel =
        new EmbeddedChannel(new GatewayRequestDecoder(8192, 65536, Duration.ofSeconds(10)));
    try {
      channel.writeInbound(
          channel
              .alloc()
              .directBuffer()
              .writeBytes(
                  ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                          + "1\r\na\r\n0\r\nX-Trailer: a\u0001b\r\n\r\n")
                      .getBytes(StandardCharsets.ISO_8859_1)));
      Object msg;
      boolean trailerRefused = false;
      while ((msg = channel.readInbound()) != null) {
        if (msg instanceof LastHttpContent last) {
          trailerRefused = last.decoderResult().isFailure();
        }
        ReferenceCountUtil.release(msg);
      }
      assertThat(trailerRefused).isTrue();
    } finally {
      channel.finishAndReleaseAll();
    }
  }
}
