package io.bulwark.gateway.codec;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseEncoder;

/** Netty's HTTP/1.1 response encoder with the header section written by {@link HeaderFields}. */
public final class ClientResponseEncoder extends HttpResponseEncoder {
  @Override
  protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
    HeaderFields.write(headers, buf);
  }
}
