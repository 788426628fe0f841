package io.bulwark.bench.gateway;

import io.bulwark.gateway.codec.HeaderFields;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Re-encoding a decoded header section, as the proxy does for every request and response: Netty's
 * encoder (String values written char by char) against {@link HeaderFields} (block copies). The
 * headers are a browser's request as Netty's decoder hands them on: AsciiString names, String
 * values.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HeaderEncodeBenchmark {
  private static final String REQUEST =
      """
      GET /products/42?view=full HTTP/1.1\r
      Host: shop.example.com\r
      User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36\r
      Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r
      Accept-Language: en-GB,en;q=0.9\r
      Accept-Encoding: gzip, deflate, br, zstd\r
      Authorization: Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhbGljZSIsImF1ZCI6Im9yZGVycyJ9.c2lnbmF0dXJlLXBsYWNlaG9sZGVyLWJ5dGVz\r
      Cookie: session=7f3a9c2e1b; theme=dark\r
      X-Forwarded-For: 203.0.113.7\r
      X-Forwarded-Proto: https\r
      traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r
      \r
      """;

  @Param({"netty", "bulwark"})
  public String writer;

  private HttpHeaders headers;
  private ByteBuf buf;
  private NettyWriter netty;

  /** Exposes Netty's own header encoding, which is protected. */
  static final class NettyWriter extends HttpRequestEncoder {
    void write(HttpHeaders headers, ByteBuf buf) {
      encodeHeaders(headers, buf);
    }
  }

  @Setup
  public void setUp() {
    EmbeddedChannel channel = new EmbeddedChannel(new HttpRequestDecoder());
    channel.writeInbound(Unpooled.copiedBuffer(REQUEST, StandardCharsets.ISO_8859_1));
    HttpRequest request = channel.readInbound();
    headers = request.headers();
    ReferenceCountUtil.release(request);
    channel.finishAndReleaseAll();
    buf = ByteBufAllocator.DEFAULT.directBuffer(4096);
    netty = new NettyWriter();
    if (!encode().toString(StandardCharsets.ISO_8859_1).contains("Cookie: session=7f3a9c2e1b")) {
      throw new IllegalStateException("header section not encoded as decoded");
    }
  }

  @TearDown
  public void tearDown() {
    buf.release();
  }

  @Benchmark
  public ByteBuf encode() {
    buf.clear();
    if ("netty".equals(writer)) {
      netty.write(headers, buf);
    } else {
      HeaderFields.write(headers, buf);
    }
    return buf;
  }
}
