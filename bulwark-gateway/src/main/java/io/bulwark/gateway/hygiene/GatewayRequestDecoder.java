package io.bulwark.gateway.hygiene;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.DefaultHeaders.ValueValidator;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.List;

/**
 * Netty's strict HTTP/1.1 request decoder (RFC 9112 framing: Content-Length with Transfer-Encoding,
 * differing or duplicate Content-Length, bare LF and a final coding other than chunked are already
 * failures there) plus what Netty tolerates: before a header section is handed to Netty it is
 * scanned whole, and obs-fold continuation lines and control characters in header values make the
 * request a failed message. It also starts the slow-header clock: a request whose header section is
 * not complete within the timeout produces {@link HeaderTimeout}.
 *
 * <p>The scan makes Netty's own check of each header value (the same control characters, one char
 * at a time through a String) redundant for the head it covered whole, so that check is skipped
 * while Netty parses that head; values added later (by the gateway, or in trailers) are checked.
 *
 * <p>One instance per connection; not thread-safe (runs on the channel's event loop).
 */
public final class GatewayRequestDecoder extends HttpRequestDecoder {

  /** User event fired when a request's headers did not arrive in time. */
  public enum HeaderTimeout {
    /** The only instance. */
    INSTANCE
  }

  /** Why a header section was refused before Netty parsed it. */
  public static final class HeaderSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    HeaderSyntaxException(String message) {
      super(message);
    }
  }

  private enum Scan {
    WAIT,
    /** Left to Netty without a verdict (bare LF, or longer than the limits). */
    PASS,
    /** The whole head, up to its blank line, has no obs-fold and no control character. */
    CLEAN,
    OBS_FOLD,
    BAD_CHAR
  }

  private final int scanLimit;
  private final ScannedValues values;
  private final long headerTimeoutNanos;
  private boolean expectingStart = true;
  private boolean discarding;

  /** The current request's head deadline; made with the first request (needs the event loop). */
  private EventLoopDeadline headerDeadline;

  /**
   * @param maxRequestLine longest request line in bytes
   * @param maxHeaderBytes largest header section in bytes
   * @param headerTimeout time allowed for a request's header section once its first byte arrived
   */
  public GatewayRequestDecoder(int maxRequestLine, int maxHeaderBytes, Duration headerTimeout) {
    this(maxRequestLine, maxHeaderBytes, headerTimeout, new ScannedValues());
  }

  private GatewayRequestDecoder(
      int maxRequestLine, int maxHeaderBytes, Duration headerTimeout, ScannedValues values) {
    super(
        new HttpDecoderConfig()
            .setMaxInitialLineLength(maxRequestLine)
            .setMaxHeaderSize(maxHeaderBytes)
            .setMaxChunkSize(16384)
            .setStrictLineParsing(true)
            .setUseRfc9112TransferEncoding(true)
            .setAllowDuplicateContentLengths(false)
            .setHeadersFactory(
                DefaultHttpHeadersFactory.headersFactory().withValueValidator(values))
            .setTrailersFactory(DefaultHttpHeadersFactory.trailersFactory()));
    this.scanLimit = maxRequestLine + maxHeaderBytes + 4;
    this.headerTimeoutNanos = headerTimeout.toNanos();
    this.values = values;
  }

  /** Netty's value check, off while Netty parses a head this decoder scanned clean. */
  private static final class ScannedValues implements ValueValidator<CharSequence> {
    private static final ValueValidator<CharSequence> NETTY =
        DefaultHttpHeadersFactory.headersFactory().getValueValidator();
    boolean scannedClean;

    @Override
    public void validate(CharSequence value) {
      if (!scannedClean) {
        NETTY.validate(value);
      }
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out)
      throws Exception {
    if (discarding) {
      buffer.skipBytes(buffer.readableBytes());
      return;
    }
    boolean clean = false;
    if (expectingStart && buffer.isReadable()) {
      startHeaderTimer(ctx);
      Scan scan = scan(buffer);
      if (scan == Scan.WAIT) {
        return;
      }
      clean = scan == Scan.CLEAN;
      if (scan == Scan.OBS_FOLD || scan == Scan.BAD_CHAR) {
        discarding = true;
        buffer.skipBytes(buffer.readableBytes());
        cancelHeaderTimer();
        out.add(
            failed(
                scan == Scan.OBS_FOLD
                    ? "obsolete line folding in header fields is not accepted"
                    : "invalid character in a header field"));
        return;
      }
    }
    int before = out.size();
    values.scannedClean = clean;
    try {
      super.decode(ctx, buffer, out);
    } finally {
      values.scannedClean = false;
    }
    for (int i = before; i < out.size(); i++) {
      Object msg = out.get(i);
      if (msg instanceof HttpMessage) {
        expectingStart = false;
        cancelHeaderTimer();
      }
      if (msg instanceof LastHttpContent) {
        expectingStart = true;
      }
    }
  }

  private static FullHttpRequest failed(String reason) {
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad-request", Unpooled.EMPTY_BUFFER);
    request.setDecoderResult(DecoderResult.failure(new HeaderSyntaxException(reason)));
    return request;
  }

  /** Scans the header section at the buffer's start without consuming it. */
  private Scan scan(ByteBuf buffer) {
    int start = buffer.readerIndex();
    int end = buffer.writerIndex();
    int lineStart = start;
    boolean requestLine = true;
    while (true) {
      int lf = buffer.indexOf(lineStart, end, (byte) '\n');
      if (lf < 0) {
        return end - start > scanLimit ? Scan.PASS : Scan.WAIT;
      }
      if (lf == lineStart || buffer.getByte(lf - 1) != '\r') {
        return Scan.PASS; // bare LF: Netty's strict line parsing rejects it
      }
      int length = lf - 1 - lineStart;
      if (length == 0) {
        if (requestLine) {
          lineStart = lf + 1; // empty lines before a request line are skipped (RFC 9112 2.2)
          continue;
        }
        return Scan.CLEAN;
      }
      if (!requestLine) {
        byte first = buffer.getByte(lineStart);
        if (first == ' ' || first == '\t') {
          return Scan.OBS_FOLD;
        }
      }
      // A field line may hold HTAB (as optional whitespace); the request line may not.
      if (ControlBytes.indexOf(buffer, lineStart, lineStart + length, !requestLine) >= 0) {
        return Scan.BAD_CHAR;
      }
      requestLine = false;
      lineStart = lf + 1;
    }
  }

  private void startHeaderTimer(ChannelHandlerContext ctx) {
    if (headerDeadline == null) {
      headerDeadline =
          new EventLoopDeadline(
              ctx.executor(),
              () -> {
                discarding = true;
                ctx.fireUserEventTriggered(HeaderTimeout.INSTANCE);
              });
    }
    if (!headerDeadline.running()) {
      headerDeadline.start(headerTimeoutNanos);
    }
  }

  /** The head is complete (or refused): no deadline until the next request starts. */
  private void cancelHeaderTimer() {
    if (headerDeadline != null) {
      headerDeadline.clear();
    }
  }

  /** The connection is going away: the check itself is cancelled. */
  private void stopHeaderTimer() {
    if (headerDeadline != null) {
      headerDeadline.stop();
    }
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
    stopHeaderTimer();
    super.handlerRemoved0(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    stopHeaderTimer();
    super.channelInactive(ctx);
  }
}
