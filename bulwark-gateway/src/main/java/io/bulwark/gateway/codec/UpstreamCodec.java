package io.bulwark.gateway.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The HTTP/1.1 client codec of an upstream connection: requests encoded with {@link HeaderFields},
 * responses decoded by Netty, and the answer to a HEAD request read as bodiless whatever its
 * Content-Length says. Unlike Netty's {@code HttpClientCodec} it has no CONNECT or upgrade mode:
 * the gateway refuses CONNECT and does not tunnel upgrades.
 */
public final class UpstreamCodec
    extends CombinedChannelDuplexHandler<HttpResponseDecoder, HttpRequestEncoder> {

  /**
   * Methods of requests sent whose final answer has not been read yet, oldest first: at most one,
   * since a pooled connection carries one exchange at a time (the gateway does not pipeline
   * upstream requests).
   */
  private final ArrayDeque<HttpMethod> awaiting = new ArrayDeque<>(2);

  /**
   * @param maxStatusLine longest status line in bytes
   * @param maxHeaderBytes largest header section in bytes
   * @param maxChunkBytes largest body piece handed on at once
   */
  public UpstreamCodec(int maxStatusLine, int maxHeaderBytes, int maxChunkBytes) {
    init(
        new ResponseDecoder(
            new HttpDecoderConfig()
                .setMaxInitialLineLength(maxStatusLine)
                .setMaxHeaderSize(maxHeaderBytes)
                .setMaxChunkSize(maxChunkBytes)),
        new RequestEncoder());
  }

  private final class RequestEncoder extends HttpRequestEncoder {
    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out)
        throws Exception {
      if (msg instanceof HttpRequest request) {
        awaiting.add(request.method());
      }
      super.encode(ctx, msg, out);
    }

    @Override
    protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
      HeaderFields.write(headers, buf);
    }
  }

  private final class ResponseDecoder extends HttpResponseDecoder {
    ResponseDecoder(HttpDecoderConfig config) {
      super(config);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
      if (((HttpResponse) msg).status().code() < 200) {
        return super.isContentAlwaysEmpty(msg); // informational: the final answer is still to come
      }
      HttpMethod method = awaiting.poll();
      return HttpMethod.HEAD.equals(method) || super.isContentAlwaysEmpty(msg);
    }
  }
}
