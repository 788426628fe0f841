package io.bulwark.gateway.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The upstream connection's codec, driven as a pooled connection is: requests out, bytes in. */
class UpstreamCodecTest {
  private final EmbeddedChannel channel = new EmbeddedChannel(new UpstreamCodec(4096, 8192, 16384));

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private String send(HttpMethod method, String uri, String... headers) {
    DefaultFullHttpRequest request =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, Unpooled.EMPTY_BUFFER);
    for (int i = 0; i < headers.length; i += 2) {
      request.headers().add(headers[i], headers[i + 1]);
    }
    channel.writeOutbound(request);
    StringBuilder wire = new StringBuilder();
    ByteBuf out;
    while ((out = channel.readOutbound()) != null) {
      wire.append(out.toString(StandardCharsets.ISO_8859_1));
      out.release();
    }
    return wire.toString();
  }

  /** Status codes and body text of what the bytes decode to, in order. */
  private List<String> receive(String bytes) {
    channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    List<String> seen = new ArrayList<>();
    Object msg;
    while ((msg = channel.readInbound()) != null) {
      if (msg instanceof HttpResponse response) {
        seen.add(Integer.toString(response.status().code()));
      }
      if (msg instanceof HttpContent content && content.content().isReadable()) {
        seen.add(content.content().toString(StandardCharsets.ISO_8859_1));
      }
      if (msg instanceof LastHttpContent) {
        seen.add("end");
      }
      ReferenceCountUtil.release(msg);
    }
    return seen;
  }

  @Test
  void writesTheRequestHeadFieldByField() {
    String wire = send(HttpMethod.GET, "/a?b=1", "Host", "shop", "X-Long", "v".repeat(300));

    assertThat(wire)
        .isEqualTo("GET /a?b=1 HTTP/1.1\r\nHost: shop\r\nX-Long: " + "v".repeat(300) + "\r\n\r\n");
  }

  @Test
  void writesACharacterOutsideLatin1AsAQuestionMark() {
    assertThat(send(HttpMethod.GET, "/", "X-Name", "caf\u00e9 \u0100\u010a"))
        .contains("X-Name: caf\u00e9 ??\r\n");
  }

  @Test
  void writesASurrogatePairAsOneQuestionMarkAndKeepsTheLineWhole() {
    String wire = send(HttpMethod.GET, "/", "X-Emoji", "a\uD83D\uDE00b", "X-After", "z");

    assertThat(wire).isEqualTo("GET / HTTP/1.1\r\nX-Emoji: a?b\r\nX-After: z\r\n\r\n");
  }

  @Test
  void readsTheAnswerToHeadAsBodilessWhateverItsContentLengthSays() {
    send(HttpMethod.HEAD, "/a");
    send(HttpMethod.GET, "/b");

    assertThat(
            receive(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))
        .containsExactly("200", "end", "200", "ok", "end");
  }

  @Test
  void keepsTheRequestsMethodAcrossAnInformationalAnswer() {
    send(HttpMethod.HEAD, "/a");

    assertThat(
            receive(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n"
                    + "HTTP/1.1 204 No Content\r\n\r\n"))
        .containsExactly("100", "end", "200", "end", "204", "end");
  }

  @Test
  void readsTheBodyOfAnAnswerToGet() {
    send(HttpMethod.GET, "/a");

    assertThat(receive("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"))
        .containsExactly("200", "abc", "end");
  }
}
