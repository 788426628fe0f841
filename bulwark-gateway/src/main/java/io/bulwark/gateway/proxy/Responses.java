package io.bulwark.gateway.proxy;

import io.bulwark.core.json.Json;
import io.bulwark.core.problem.Problem;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Problem responses and the hardening headers every response gets. */
final class Responses {
  private Responses() {}

  /** Problems the proxy itself answers with. */
  static Problem notFound() {
    return Problem.of(404, "no-route", "Not Found", "no route matches this request");
  }

  static Problem badGateway(String detail) {
    return Problem.of(502, "upstream-failure", "Bad Gateway", detail);
  }

  static Problem gatewayTimeout(String detail) {
    return Problem.of(504, "upstream-timeout", "Gateway Timeout", detail);
  }

  static Problem noHealthyEndpoint() {
    return Problem.of(
        503, "no-healthy-upstream", "Service Unavailable", "no healthy upstream endpoint");
  }

  static Problem clusterRefused(String slug) {
    return Problem.of(
        503,
        slug,
        "Service Unavailable",
        "circuit-open".equals(slug)
            ? "the upstream is failing; requests are paused briefly"
            : "too many requests in flight to the upstream");
  }

  static Problem requestTimeout() {
    return Problem.of(
        408, "request-timeout", "Request Timeout", "request headers were not received in time");
  }

  static Problem bodyTooLarge(long limit) {
    return Problem.of(
        413, "content-too-large", "Content Too Large", "request body exceeds " + limit + " bytes");
  }

  /** A complete problem+json response. */
  static FullHttpResponse problem(
      ByteBufAllocator alloc,
      Problem problem,
      boolean close,
      boolean tls,
      Map<String, String> extra) {
    byte[] body;
    try {
      body = Json.mapper().writeValueAsBytes(problem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(problem.status()),
            alloc.buffer(body.length).writeBytes(body));
    HttpHeaders h = response.headers();
    extra.forEach(h::set);
    h.set(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
    h.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    h.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    if (close) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    harden(h, tls);
    return response;
  }

  /**
   * Adds the hardening headers: HSTS on TLS listeners, {@code nosniff}, a CSP that forbids framing,
   * and {@code X-Frame-Options} for older browsers. Upstream values for CSP are kept.
   */
  static void harden(HttpHeaders h, boolean tls) {
    if (tls) {
      h.set(STRICT_TRANSPORT_SECURITY, HSTS);
    }
    h.set(X_CONTENT_TYPE_OPTIONS, NOSNIFF);
    if (!h.contains(HttpHeaderNames.CONTENT_SECURITY_POLICY)) {
      h.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, NO_FRAMING);
    }
    h.set(HttpHeaderNames.X_FRAME_OPTIONS, DENY);
  }

  // AsciiString values: hashed once, and written to the wire as a block copy rather than char by
  // char as a String is.
  private static final AsciiString STRICT_TRANSPORT_SECURITY =
      AsciiString.cached("strict-transport-security");
  private static final AsciiString X_CONTENT_TYPE_OPTIONS =
      AsciiString.cached("x-content-type-options");
  private static final AsciiString HSTS = AsciiString.cached("max-age=31536000; includeSubDomains");
  private static final AsciiString NOSNIFF = AsciiString.cached("nosniff");
  private static final AsciiString NO_FRAMING = AsciiString.cached("frame-ancestors 'none'");
  private static final AsciiString DENY = AsciiString.cached("DENY");
}
