package io.bulwark.gateway.proxy;

import io.bulwark.core.problem.Problem;
import io.bulwark.gateway.chain.Attributes;
import io.bulwark.gateway.chain.RequestView;
import io.bulwark.gateway.chain.SecurityChain;
import io.bulwark.gateway.chain.StageResult;
import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.Limits;
import io.bulwark.gateway.hygiene.EventLoopDeadline;
import io.bulwark.gateway.hygiene.GatewayRequestDecoder;
import io.bulwark.gateway.hygiene.HostHeader;
import io.bulwark.gateway.hygiene.PathNormalizer;
import io.bulwark.gateway.hygiene.RejectedRequestException;
import io.bulwark.gateway.observe.ExchangeRecord;
import io.bulwark.gateway.route.RouteMatch;
import io.bulwark.gateway.upstream.UpstreamEndpoint;
import io.bulwark.gateway.upstream.UpstreamPools;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the exchanges of one client connection, one at a time: hygiene checks, path normalization,
 * routing, the security chain, then forwarding to an upstream with streaming bodies both ways.
 * Reads are demand-driven (auto-read is off): the next body chunk is read only once the previous
 * one was written to the other side, so neither direction buffers a whole body.
 */
final class ClientHandler extends DemandReader {
  private static final Logger log = LoggerFactory.getLogger(ClientHandler.class);

  private static final TextMapGetter<HttpHeaders> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpHeaders carrier) {
          return carrier.names();
        }

        @Override
        public String get(HttpHeaders carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private static final TextMapSetter<HttpHeaders> SETTER =
      (carrier, key, value) -> carrier.set(key, value);

  private static final io.netty.util.AsciiString TRACEPARENT =
      io.netty.util.AsciiString.cached("traceparent");
  private static final io.netty.util.AsciiString TRACESTATE =
      io.netty.util.AsciiString.cached("tracestate");

  private final Supplier<GatewayRuntime> runtime;
  private final String listener;
  private final boolean tls;
  private Exchange current;

  /** After the last answer: input is read and dropped until the client closes or LINGER ends. */
  private boolean lingering;

  /** How long a closing connection still reads (and drops) what the client sends. */
  static final java.time.Duration LINGER = java.time.Duration.ofSeconds(2);

  /** The exchange waiting for its upstream's answer under {@link #requestDeadline}, if any. */
  private Exchange timedExchange;

  /** The upstream answer's deadline; made with the first exchange (needs the event loop). */
  private EventLoopDeadline requestDeadline;

  ClientHandler(Supplier<GatewayRuntime> runtime, String listener, boolean tls) {
    super(false);
    this.runtime = runtime;
    this.listener = listener;
    this.tls = tls;
  }

  private boolean activated;

  /** The write of the last answer before a close (other writes carry no promise), if any. */
  private ChannelFuture lastWrite;

  /** A finished exchange's next request waits for the client to read what was written. */
  private boolean awaitingWritable;

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (activated) {
      return;
    }
    activated = true;
    if (ctx.channel().remoteAddress() instanceof InetSocketAddress peer
        && peer.getAddress() != null) {
      sourceIp = peer.getAddress().getHostAddress();
    }
    demand();
    ctx.fireChannelActive();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    super.handlerAdded(ctx);
    if (ctx.channel().isActive()) {
      channelActive(ctx); // added after ALPN chose HTTP/1.1
    }
  }

  @Override
  protected void onMessage(ChannelHandlerContext ctx, Object msg) {
    if (lingering) {
      ReferenceCountUtil.release(msg); // what the client still sends after our last answer
      demand();
      return;
    }
    if (msg instanceof FullHttpRequest full) {
      // HTTP/2 (or a failed decode) delivers head and body together: handle the body on the
      // next demand, once an upstream is ready for it
      LastHttpContent body =
          new DefaultLastHttpContent(full.content().retain(), full.trailingHeaders());
      full.release();
      pushBack(body);
      onRequest(ctx, full);
      return;
    }
    if (msg instanceof HttpRequest request) {
      onRequest(ctx, request);
    }
    if (msg instanceof HttpContent content) {
      onRequestContent(ctx, content);
    } else if (!(msg instanceof HttpRequest)) {
      ReferenceCountUtil.release(msg);
    }
  }

  // ---------------------------------------------------------------- request head

  private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
    if (current != null) {
      ctx.close();
      return;
    }
    Exchange ex = new Exchange(runtime.get(), request, System.nanoTime());
    current = ex;
    lastWrite = null;
    startSpan(ex, request.headers());
    ex.clientKeepAlive = HttpUtil.isKeepAlive(request);
    ex.chunked = HttpUtil.isTransferEncodingChunked(request);
    ex.hasBody = ex.chunked || HttpUtil.getContentLength(request, 0L) > 0;
    if (request.decoderResult().isFailure()) {
      ex.hasBody = true; // framing unknown: never reuse this connection
      ex.requestComplete = true;
      reject(ctx, ex, "hygiene", decoderProblem(request.decoderResult().cause()), Map.of());
      return;
    }
    try {
      checkHygiene(ex, request);
      ex.target = PathNormalizer.normalize(request.uri());
    } catch (RejectedRequestException e) {
      reject(
          ctx,
          ex,
          "hygiene",
          Problem.of(e.status(), e.slug(), reasonPhrase(e.status()), e.getMessage()),
          Map.of());
      return;
    }
    ex.hostHeader = request.headers().get(HttpHeaderNames.HOST);
    ex.host = hostWithoutPort(ex.hostHeader);
    Optional<RouteMatch> match =
        ex.runtime.router().match(ex.host, ex.method, ex.target.path(), request.headers());
    if (match.isEmpty()) {
      respondProblem(ctx, ex, Responses.notFound(), Map.of());
      return;
    }
    ex.match = match.get();
    if (request.headers().contains(HttpHeaderNames.EXPECT)) {
      if (!HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(
          request.headers().get(HttpHeaderNames.EXPECT))) {
        reject(
            ctx,
            ex,
            "hygiene",
            Problem.of(
                417, "expectation-failed", "Expectation Failed", "only 100-continue is supported"),
            Map.of());
        return;
      }
      ex.expectContinue = true;
      request.headers().remove(HttpHeaderNames.EXPECT);
    }
    ex.runtime.sanitizer().forRequest(request.headers(), sourceIp, tls, ex.hostHeader);
    SecurityChain chain = ex.runtime.chain(ex.match.route().id());
    if (chain.isEmpty()) {
      forward(ctx, ex, (StageResult.Continue) StageResult.proceed());
      return;
    }
    chain
        .run(view(ctx, ex))
        .whenComplete((outcome, error) -> {
          Runnable next = () -> onChainOutcome(ctx, ex, outcome);
          if (ctx.executor().inEventLoop()) {
            next.run();
          } else {
            ctx.executor().execute(next);
          }
        });
  }

  private void checkHygiene(Exchange ex, HttpRequest request) {
    Limits limits = ex.runtime.config().limits();
    HttpHeaders h = request.headers();
    if (h.size() > limits.maxHeaders()) {
      throw new RejectedRequestException(
          431, "too-many-headers", "more than " + limits.maxHeaders() + " header fields");
    }
    HttpVersion v = request.protocolVersion();
    if (v.majorVersion() != 1 || (v.minorVersion() != 0 && v.minorVersion() != 1)) {
      throw new RejectedRequestException(
          505, "http-version", "only HTTP/1.0 and HTTP/1.1 are served here");
    }
    String method = ex.method;
    if ("CONNECT".equals(method) || "TRACE".equals(method)) {
      throw new RejectedRequestException(405, "method-not-allowed", method + " is not accepted");
    }
    List<String> hosts = h.getAll(HttpHeaderNames.HOST);
    if (hosts.size() > 1 || (v.minorVersion() == 1 && hosts.isEmpty())) {
      throw new RejectedRequestException(400, "bad-host", "exactly one Host header is required");
    }
    if (!hosts.isEmpty() && !HostHeader.isValid(hosts.get(0))) {
      throw new RejectedRequestException(
          400, "bad-host", "the Host header is not a host name or address");
    }
    List<String> te = h.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!te.isEmpty() && !(te.size() == 1 && "chunked".equalsIgnoreCase(te.get(0).trim()))) {
      throw new RejectedRequestException(
          400, "bad-framing", "Transfer-Encoding must be exactly 'chunked'");
    }
    long declared = HttpUtil.getContentLength(request, 0L);
    if (declared > limits.maxBodyBytes()) {
      throw new RejectedRequestException(
          413, "content-too-large", "request body exceeds " + limits.maxBodyBytes() + " bytes");
    }
  }

  private static Problem decoderProblem(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return Problem.of(
          414, "request-line-too-long", "URI Too Long", "the request line is too long");
    }
    if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
      return Problem.of(
          431,
          "headers-too-large",
          "Request Header Fields Too Large",
          "the request headers are too large");
    }
    String detail =
        cause instanceof GatewayRequestDecoder.HeaderSyntaxException
            ? cause.getMessage()
            : "the request is malformed or its framing is ambiguous";
    return Problem.of(400, "malformed-request", "Bad Request", detail);
  }

  private static String reasonPhrase(int status) {
    return HttpResponseStatus.valueOf(status).reasonPhrase();
  }

  private RequestView view(ChannelHandlerContext ctx, Exchange ex) {
    return new RequestView(
        ex.method,
        ex.target.path(),
        ex.target.query(),
        ex.host,
        ex.match.route(),
        ex.match.pathParams(),
        viewHeaders(ex.request.headers()),
        (InetSocketAddress) ctx.channel().remoteAddress(),
        tls,
        clientCertificates(ctx),
        Attributes.EMPTY);
  }

  /**
   * The headers by lower-case name, values in arrival order, as immutable lists: a single value
   * (the usual case) is one {@code List.of}, with no per-name builder list to copy afterwards.
   */
  static Map<String, List<String>> viewHeaders(HttpHeaders h) {
    Map<String, List<String>> headers = HashMap.newHashMap(h.size());
    for (Map.Entry<String, String> e : h) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      List<String> one = List.of(e.getValue());
      List<String> before = headers.putIfAbsent(name, one);
      if (before != null) {
        List<String> all = new ArrayList<>(before.size() + 1);
        all.addAll(before);
        all.add(e.getValue());
        headers.put(name, List.copyOf(all));
      }
    }
    return Map.copyOf(headers);
  }

  private static List<X509Certificate> clientCertificates(ChannelHandlerContext ctx) {
    Channel connection = ctx.channel().parent() != null ? ctx.channel().parent() : ctx.channel();
    SslHandler ssl = connection.pipeline().get(SslHandler.class);
    if (ssl == null) {
      return List.of();
    }
    try {
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : ssl.engine().getSession().getPeerCertificates()) {
        chain.add((X509Certificate) c);
      }
      return chain;
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  private void onChainOutcome(
      ChannelHandlerContext ctx, Exchange ex, SecurityChain.Outcome outcome) {
    if (ex != current || ex.finished || !ctx.channel().isActive()) {
      return;
    }
    if (outcome.view() != null) {
      ex.principal = outcome.view().attributes().get(Attributes.PRINCIPAL).orElse(null);
      ex.clientId = outcome.view().attributes().get(Attributes.CLIENT_ID).orElse(null);
    }
    if (outcome.result() instanceof StageResult.Reject r) {
      String phase =
          outcome.rejectedBy() == null
              ? "chain"
              : outcome.rejectedBy().name().toLowerCase(Locale.ROOT);
      reject(ctx, ex, phase, r.problem(), r.headers());
      return;
    }
    forward(ctx, ex, (StageResult.Continue) outcome.result());
  }

  // ---------------------------------------------------------------- forwarding

  private void forward(ChannelHandlerContext ctx, Exchange ex, StageResult.Continue cont) {
    ex.responseHeaders = cont.responseHeaders();
    ex.cluster = ex.runtime.clusters().get(ex.match.route().cluster());
    ex.endpoint = ex.cluster.choose();
    if (ex.endpoint == null) {
      respondProblem(ctx, ex, Responses.noHealthyEndpoint(), Map.of());
      return;
    }
    String refused = ex.cluster.guard().admit();
    if (refused != null) {
      respondProblem(
          ctx,
          ex,
          Responses.clusterRefused(refused),
          Map.of("Retry-After", Long.toString(ex.cluster.guard().retryAfterSeconds())));
      return;
    }
    ex.guarded = true;
    ex.guardStartNanos = System.nanoTime();
    connect(ctx, ex, cont);
  }

  /** Acquires a connection to {@code ex.endpoint} and sends the request once it is there. */
  private void connect(ChannelHandlerContext ctx, Exchange ex, StageResult.Continue cont) {
    ex.endpoint.started();
    ClusterConfig cc = ex.cluster.config();
    ex.upstreamTarget =
        new UpstreamPools.Target(
            ex.endpoint.address(),
            ex.runtime.clusterTls().get(cc.name()),
            cc.tls() == null ? null : cc.tls().serverName(),
            cc.maxConnectionsPerEndpoint());
    ex.runtime
        .pools()
        .acquire(
            ctx.channel().eventLoop(),
            ex.upstreamTarget,
            (ch, failure) -> onAcquired(ctx, ex, ch, failure, cont));
  }

  private void onAcquired(
      ChannelHandlerContext ctx,
      Exchange ex,
      Channel ch,
      Throwable cause,
      StageResult.Continue cont) {
    if (ch == null) {
      ex.endpoint.failed();
      ex.endpoint.finished();
      boolean timeout =
          cause instanceof ConnectTimeoutException || cause instanceof TimeoutException;
      if (ex.finished) {
        settleGuard(ex, false);
        return;
      }
      if (retry(ctx, ex, cont)) {
        return;
      }
      settleGuard(ex, true);
      respondProblem(
          ctx,
          ex,
          timeout
              ? Responses.gatewayTimeout("the upstream did not accept a connection in time")
              : Responses.badGateway("could not connect to the upstream"),
          Map.of());
      return;
    }
    if (ex.finished || !ctx.channel().isActive()) {
      ex.endpoint.finished();
      releaseUpstream(ex, ch, true);
      return;
    }
    ex.upstream = ch;
    ex.cont = cont;
    ((UpstreamHandler) ch.pipeline().get(UpstreamPools.EXCHANGE_HANDLER))
        .bind(new Relay(ctx, ex, ch));
    HttpHeaders headers = ex.request.headers();
    cont.upstreamHeaders()
        .forEach((name, value) -> {
          if (value.isEmpty()) {
            headers.remove(name);
          } else {
            headers.set(name, value);
          }
        });
    if (ex.hostHeader == null) {
      headers.set(HttpHeaderNames.HOST, ex.endpoint.address().toString());
    }
    ex.runtime
        .openTelemetry()
        .getPropagators()
        .getTextMapPropagator()
        .inject(Context.root().with(ex.span), headers, SETTER);
    HttpRequest upstreamRequest =
        new DefaultHttpRequest(HttpVersion.HTTP_1_1, ex.request.method(), ex.target.uri(), headers);
    if (ex.chunked) {
      HttpUtil.setTransferEncodingChunked(upstreamRequest, true);
    }
    ex.upstreamStartNanos = System.nanoTime();
    long timeoutNanos = ex.runtime.config().timeouts().request().toNanos();
    armRequestDeadline(ctx, ex, timeoutNanos);
    // Without a body the request's end follows at once and flushes both in one write. Writes to
    // the upstream carry no promise: a failure reaches the Relay through the upstream's pipeline.
    if (ex.hasBody || ex.requestComplete) {
      ch.writeAndFlush(upstreamRequest, ch.voidPromise());
    } else {
      ch.write(upstreamRequest, ch.voidPromise());
    }
    if (ex.expectContinue) {
      ctx.writeAndFlush(
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
    }
    if (ex.requestComplete) {
      // a retry: the client's end was read
      ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, ch.voidPromise());
    } else {
      demand();
    }
    upstreamHandler(ch).demand();
  }

  /**
   * Sends the request again to another endpoint if that is safe and affordable: an idempotent
   * method, no request body, no response byte yet, attempts left ({@code retry.maxAttempts}), and
   * the cluster's retry budget allows it. Waits the cluster's backoff first, if any.
   */
  private boolean retry(ChannelHandlerContext ctx, Exchange ex, StageResult.Continue cont) {
    if (ex.hasBody
        || ex.responseStarted
        || !IDEMPOTENT.contains(ex.method)
        || !ctx.channel().isActive()
        || !ex.cluster.guard().tryRetry(ex.attempts)) {
      return false;
    }
    UpstreamEndpoint next = ex.cluster.choose(ex.endpoint);
    if (next == null) {
      return false;
    }
    ex.attempts++;
    ex.endpoint = next;
    log.debug("retrying {} {} on {} (attempt {})", ex.method, ex.routeId(), next, ex.attempts);
    long backoffNanos = ex.cluster.guard().backoffBefore(ex.attempts).toNanos();
    if (backoffNanos == 0) {
      connect(ctx, ex, cont);
    } else {
      ctx.executor()
          .schedule(
              () -> {
                if (!ex.finished) {
                  connect(ctx, ex, cont);
                }
              },
              backoffNanos,
              TimeUnit.NANOSECONDS);
    }
    return true;
  }

  private static final java.util.Set<String> IDEMPOTENT =
      java.util.Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

  /** Reports an admitted request's end to the cluster's circuit breaker and bulkhead, once. */
  private static void settleGuard(Exchange ex, boolean failed) {
    if (ex.guarded) {
      ex.guarded = false;
      ex.cluster.guard().finished(System.nanoTime() - ex.guardStartNanos, failed);
    }
  }

  private void onRequestContent(ChannelHandlerContext ctx, HttpContent content) {
    Exchange ex = current;
    boolean last = content instanceof LastHttpContent;
    if (ex == null || ex.requestComplete) {
      content.release();
      return;
    }
    if (ex.discardBody || ex.upstream == null) {
      content.release();
      if (last) {
        ex.requestComplete = true;
        maybeFinish(ctx, ex);
      } else {
        demand();
      }
      return;
    }
    ex.bytesIn += content.content().readableBytes();
    long limit = ex.runtime.config().limits().maxBodyBytes();
    if (ex.bytesIn > limit) {
      content.release();
      ex.discardBody = true;
      if (!ex.responseStarted) {
        cancelRequestTimer(ex);
        Channel up = ex.upstream;
        ex.upstream = null;
        releaseUpstream(ex, up, false);
        ex.endpoint.finished();
        reject(ctx, ex, "hygiene", Responses.bodyTooLarge(limit), Map.of());
      } else {
        ctx.close();
      }
      return;
    }
    if (last) {
      ex.requestComplete = true;
    }
    Channel up = ex.upstream;
    up.writeAndFlush(content, up.voidPromise());
    if (last) {
      maybeFinish(ctx, ex);
    } else if (up.isWritable()) {
      demand();
    } else {
      ex.awaitingUpstreamWritable = true; // Relay.onWritable reads on
    }
  }

  /** Relays one upstream connection's response to the client. */
  private final class Relay implements UpstreamHandler.Listener {
    private final ChannelHandlerContext ctx;
    private final Exchange ex;
    private final Channel upstream;

    Relay(ChannelHandlerContext ctx, Exchange ex, Channel upstream) {
      this.ctx = ctx;
      this.ex = ex;
      this.upstream = upstream;
    }

    @Override
    public void onResponseHead(HttpResponse response) {
      if (ex.upstream != upstream) {
        return;
      }
      int code = response.status().code();
      if (code >= 100 && code < 200) {
        if (code == 101) {
          upstreamFailed(ctx, ex, new IllegalStateException("upstream switched protocols"));
          return;
        }
        upstreamHandler(upstream).demand(); // informational responses are not relayed
        return;
      }
      cancelRequestTimer(ex);
      ex.upstreamNanos = System.nanoTime() - ex.upstreamStartNanos;
      ex.endpoint.succeeded();
      settleGuard(ex, code >= 500);
      ex.status = code;
      ex.upstreamKeepAlive = HttpUtil.isKeepAlive(response);
      HttpHeaders h = response.headers();
      boolean hadLength = h.contains(HttpHeaderNames.CONTENT_LENGTH);
      ex.runtime.sanitizer().forResponse(h);
      ex.responseHeaders.forEach(h::set);
      Responses.harden(h, tls);
      boolean bodyless = "HEAD".equals(ex.method) || code == 204 || code == 304;
      if (!bodyless && !hadLength) {
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      }
      if (!ex.clientKeepAlive) {
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      } else if (ex.request.protocolVersion().minorVersion() == 0) {
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
      ex.responseStarted = true;
      // Flushed with the first body part, or when this upstream read ends (streamed bodies), so a
      // small response leaves in one write.
      ctx.write(
          new DefaultHttpResponse(ex.request.protocolVersion(), response.status(), h),
          ctx.voidPromise());
      ex.responseHeadUnflushed = true;
      if (!(response instanceof HttpContent)) {
        upstreamHandler(upstream).demand();
      }
    }

    @Override
    public void onResponseContent(HttpContent content) {
      if (ex.upstream != upstream) {
        content.release();
        return;
      }
      if (!ex.responseStarted) {
        content.release(); // the end of an informational response
        upstreamHandler(upstream).demand();
        return;
      }
      boolean last = content instanceof LastHttpContent;
      ex.bytesOut += content.content().readableBytes();
      if (last) {
        ex.responseComplete = true;
        boolean reusable = ex.upstreamKeepAlive && ex.requestComplete;
        ex.upstream = null;
        ex.endpoint.finished();
        releaseUpstream(ex, upstream, reusable);
        if (!ex.requestComplete) {
          ex.clientKeepAlive = false;
          ex.discardBody = true;
        }
      }
      ex.responseHeadUnflushed = false;
      if (last && !ex.clientKeepAlive) {
        lastWrite = ctx.writeAndFlush(content); // the connection closes once it is written
      } else {
        ctx.writeAndFlush(content, ctx.voidPromise()); // a failure closes via exceptionCaught
      }
      if (last) {
        maybeFinish(ctx, ex);
      } else if (ex.upstream == upstream) {
        if (ctx.channel().isWritable()) {
          upstreamHandler(upstream).demand();
        } else {
          ex.awaitingClientWritable = true; // channelWritabilityChanged reads on
        }
      }
    }

    @Override
    public void onWritable() {
      if (ex.upstream == upstream && ex.awaitingUpstreamWritable && upstream.isWritable()) {
        ex.awaitingUpstreamWritable = false;
        demand();
      }
    }

    @Override
    public void onReadComplete() {
      if (ex.responseHeadUnflushed) {
        ex.responseHeadUnflushed = false;
        ctx.flush();
      }
    }

    @Override
    public void onUpstreamFailure(Throwable cause) {
      if (ex.responseHeadUnflushed) {
        ex.responseHeadUnflushed = false;
        ctx.flush();
      }
      if (ex.upstream == upstream) {
        upstreamFailed(ctx, ex, cause);
      }
    }
  }

  private void upstreamFailed(ChannelHandlerContext ctx, Exchange ex, Throwable cause) {
    Channel up = ex.upstream;
    if (up == null || ex.finished) {
      return;
    }
    log.debug("upstream {} failed on route {}", ex.endpoint, ex.routeId(), cause);
    cancelRequestTimer(ex);
    ex.upstream = null;
    ex.endpoint.finished();
    releaseUpstream(ex, up, false);
    if (!ex.responseStarted && ex.cont != null && retry(ctx, ex, ex.cont)) {
      return;
    }
    settleGuard(ex, true);
    if (!ex.responseStarted) {
      respondProblem(ctx, ex, Responses.badGateway("the upstream failed to answer"), Map.of());
    } else {
      ex.clientKeepAlive = false;
      ctx.close();
    }
  }

  /**
   * Starts {@code ex}'s upstream deadline (one scheduled check per connection, not per request).
   */
  private void armRequestDeadline(ChannelHandlerContext ctx, Exchange ex, long timeoutNanos) {
    if (requestDeadline == null) {
      requestDeadline =
          new EventLoopDeadline(
              ctx.executor(),
              () -> {
                Exchange timed = timedExchange;
                timedExchange = null;
                if (timed != null) {
                  onRequestTimeout(ctx, timed);
                }
              });
    }
    timedExchange = ex;
    requestDeadline.start(timeoutNanos);
  }

  private void onRequestTimeout(ChannelHandlerContext ctx, Exchange ex) {
    Channel up = ex.upstream;
    if (up == null || ex.responseStarted || ex.finished) {
      return;
    }
    ex.upstream = null;
    ex.endpoint.finished();
    releaseUpstream(ex, up, false);
    settleGuard(ex, true);
    respondProblem(
        ctx, ex, Responses.gatewayTimeout("the upstream did not answer in time"), Map.of());
  }

  private void cancelRequestTimer(Exchange ex) {
    if (timedExchange == ex) {
      timedExchange = null;
      requestDeadline.clear();
    }
  }

  private static void releaseUpstream(Exchange ex, Channel ch, boolean reusable) {
    UpstreamHandler handler = (UpstreamHandler) ch.pipeline().get(UpstreamPools.EXCHANGE_HANDLER);
    if (handler != null) {
      handler.unbind();
    }
    ex.runtime.pools().release(ch, reusable);
  }

  // ---------------------------------------------------------------- answering

  private void reject(
      ChannelHandlerContext ctx,
      Exchange ex,
      String phase,
      Problem problem,
      Map<String, String> headers) {
    ex.denial = slug(problem);
    ex.denialPhase = phase;
    if ("hygiene".equals(phase)) {
      ex.clientKeepAlive = false; // a malformed or hostile request ends its connection
    }
    respondProblem(ctx, ex, problem, headers);
  }

  private static String slug(Problem problem) {
    String type = problem.type().toString();
    return type.startsWith(Problem.TYPE_BASE) ? type.substring(Problem.TYPE_BASE.length()) : type;
  }

  private void respondProblem(
      ChannelHandlerContext ctx, Exchange ex, Problem problem, Map<String, String> headers) {
    boolean close = !ex.clientKeepAlive || (ex.hasBody && !ex.requestComplete);
    if (close) {
      ex.clientKeepAlive = false;
    }
    ex.discardBody = true;
    ex.status = problem.status();
    ex.responseStarted = true;
    ex.responseComplete = true;
    lastWrite = ctx.writeAndFlush(Responses.problem(ctx.alloc(), problem, close, tls, headers));
    if (close) {
      ex.requestComplete = true;
    }
    maybeFinish(ctx, ex);
  }

  /**
   * Ends a connection after its last answer as nginx's lingering close does: the answer is followed
   * by a FIN, and what the client still sends (the rest of a refused body) is read and dropped for
   * up to {@link #LINGER}, then the connection closes. Closing at once with unread bytes makes the
   * kernel reset the connection, and a client still sending can then lose the answer it was sent.
   * An HTTP/2 stream is treated alike: its answer already ended our side, the rest of the upload is
   * read and dropped so the stream ends normally, and only a client still sending after {@link
   * #LINGER} gets a reset (closing at once reset it, and clients dropped the answer).
   */
  private void lingerClose(ChannelHandlerContext ctx) {
    Channel ch = ctx.channel();
    if (lingering || !ch.isActive()) {
      ctx.close();
      return;
    }
    lingering = true;
    releasePending();
    if (ch instanceof DuplexChannel duplex) {
      duplex
          .shutdownOutput()
          .addListener(
              (ChannelFutureListener)
                  shut -> {
                    if (!shut.isSuccess()) {
                      ctx.close();
                    }
                  });
    }
    ctx.executor().schedule(() -> ctx.close(), LINGER.toNanos(), TimeUnit.NANOSECONDS);
    demand();
  }

  private void maybeFinish(ChannelHandlerContext ctx, Exchange ex) {
    if (ex.finished || !ex.responseComplete) {
      return;
    }
    if (!ex.requestComplete) {
      demand(); // drain the rest of a body we are not forwarding
      return;
    }
    complete(ex, ex.status);
    if (ex.clientKeepAlive && ctx.channel().isActive()) {
      if (ctx.channel().isWritable()) {
        demand();
      } else {
        awaitingWritable = true; // the next request waits until the client reads its answers
      }
    } else {
      // After everything written so far: the last answer's own future or, when that write
      // carried none, an empty write queued behind it.
      ChannelFuture written =
          lastWrite != null ? lastWrite : ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER);
      written.addListener((ChannelFutureListener) w -> lingerClose(ctx));
    }
  }

  private void complete(Exchange ex, int status) {
    ex.finished = true;
    settleGuard(ex, false);
    cancelRequestTimer(ex);
    if (current == ex) {
      current = null;
    }
    ExchangeRecord record =
        new ExchangeRecord(
            ex.traceId,
            listener,
            sourceIp,
            ex.method,
            ex.loggedPath(),
            ex.host,
            ex.routeId(),
            status,
            System.nanoTime() - ex.startNanos,
            ex.endpoint == null || ex.upstreamNanos < 0 ? null : ex.endpoint.toString(),
            ex.upstreamNanos,
            ex.bytesIn,
            ex.bytesOut,
            ex.principal,
            ex.clientId,
            ex.denial,
            ex.denialPhase);
    try {
      ex.runtime.accessLog().record(record);
      ex.runtime.metrics().record(record, ex.cluster == null ? null : ex.cluster.config().name());
      if (record.denialPhase() != null) {
        ex.runtime.auditor().denied(record);
      }
    } catch (RuntimeException e) {
      log.error("could not record a finished request", e);
    }
    if (ex.span != null) {
      ex.span.setAttribute("http.response.status_code", status);
      if (ex.routeId() != null) {
        ex.span.setAttribute("http.route", ex.routeId());
      }
      if (status >= 500) {
        ex.span.setStatus(StatusCode.ERROR);
      }
      ex.span.end();
    }
  }

  /** The client's address as text, taken once per connection when it becomes active. */
  private String sourceIp;

  private void startSpan(Exchange ex, HttpHeaders headers) {
    Context parent =
        headers.contains(TRACEPARENT)
            ? ex.runtime
                .openTelemetry()
                .getPropagators()
                .getTextMapPropagator()
                .extract(Context.root(), headers, GETTER)
            : Context.root(); // W3C: tracestate alone is ignored
    Span span =
        ex.runtime
            .tracer()
            .spanBuilder("gateway " + ex.method)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .startSpan();
    SpanContext parentContext = Span.fromContext(parent).getSpanContext();
    if (!span.getSpanContext().isValid()
        || span.getSpanContext().getSpanId().equals(parentContext.getSpanId())) {
      span = Span.wrap(localSpanContext(parentContext)); // no SDK is recording spans
    }
    ex.span = span;
    ex.traceId = span.getSpanContext().getTraceId();
    headers.remove(TRACEPARENT);
    headers.remove(TRACESTATE);
  }

  /**
   * A span context continuing {@code parent} (or a new trace) when no tracing SDK records spans.
   */
  private static SpanContext localSpanContext(SpanContext parent) {
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    String traceId =
        parent.isValid()
            ? parent.getTraceId()
            : TraceId.fromLongs(random.nextLong(), random.nextLong() | 1);
    String spanId = SpanId.fromLong(random.nextLong() | 1);
    TraceFlags flags = parent.isValid() ? parent.getTraceFlags() : TraceFlags.getDefault();
    return SpanContext.create(traceId, spanId, flags, TraceState.getDefault());
  }

  static String hostWithoutPort(String host) {
    if (host == null) {
      return null;
    }
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return end < 0 ? h : h.substring(0, end + 1);
    }
    int colon = h.indexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  // ---------------------------------------------------------------- connection events

  /**
   * Writes carry no promise, so backpressure toward the client is its channel's writability: the
   * next request or the next upstream body part is read only once the client has taken enough of
   * what was written (below Netty's write-buffer low-water mark).
   */
  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      Exchange ex = current;
      if (ex != null && ex.awaitingClientWritable) {
        ex.awaitingClientWritable = false;
        if (ex.upstream != null) {
          upstreamHandler(ex.upstream).demand();
        }
      } else if (awaitingWritable && ex == null) {
        awaitingWritable = false;
        demand();
      }
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == GatewayRequestDecoder.HeaderTimeout.INSTANCE) {
      if (current == null) {
        HttpRequest placeholder =
            new DefaultHttpRequest(
                HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpMethod.GET, "/");
        Exchange ex = new Exchange(runtime.get(), placeholder, System.nanoTime());
        startSpan(ex, placeholder.headers());
        current = ex;
        ex.clientKeepAlive = false;
        ex.requestComplete = true;
        reject(ctx, ex, "hygiene", Responses.requestTimeout(), Map.of());
      } else {
        ctx.close();
      }
      return;
    }
    if (evt instanceof IdleStateEvent) {
      if (current == null || current.responseStarted) {
        ctx.close();
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  private static UpstreamHandler upstreamHandler(Channel ch) {
    return (UpstreamHandler) ch.pipeline().get(UpstreamPools.EXCHANGE_HANDLER);
  }

  @Override
  protected void onClosed(ChannelHandlerContext ctx) {
    timedExchange = null;
    if (requestDeadline != null) {
      requestDeadline.stop();
    }
    Exchange ex = current;
    if (ex != null && !ex.finished) {
      Channel up = ex.upstream;
      if (up != null) {
        ex.upstream = null;
        ex.endpoint.finished();
        releaseUpstream(ex, up, false);
      }
      complete(ex, ex.responseComplete ? ex.status : 499);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("client connection failed", cause);
    ctx.close();
  }
}
