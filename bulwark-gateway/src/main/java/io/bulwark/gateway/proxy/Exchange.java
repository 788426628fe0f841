package io.bulwark.gateway.proxy;

import io.bulwark.gateway.hygiene.PathNormalizer;
import io.bulwark.gateway.route.RouteMatch;
import io.bulwark.gateway.upstream.Cluster;
import io.bulwark.gateway.upstream.UpstreamEndpoint;
import io.bulwark.gateway.upstream.UpstreamPools;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import io.opentelemetry.api.trace.Span;
import java.util.Map;

/** The mutable state of one request/response exchange; confined to the client's event loop. */
final class Exchange {
  final GatewayRuntime runtime;
  final HttpRequest request;
  final long startNanos;
  final String method;
  Span span;
  String traceId;
  PathNormalizer.Target target;

  /** The request's Host value as sent (one at most: more are refused), or null. */
  String hostHeader;

  String host;
  RouteMatch match;
  Cluster cluster;
  UpstreamEndpoint endpoint;
  UpstreamPools.Target upstreamTarget;
  Channel upstream;

  Map<String, String> responseHeaders = Map.of();
  String principal;
  String clientId;
  String denial;
  String denialPhase;
  long upstreamStartNanos;
  long upstreamNanos = -1;
  long bytesIn;
  long bytesOut;
  int status;
  boolean hasBody;
  boolean chunked;
  boolean expectContinue;
  boolean clientKeepAlive;
  boolean upstreamKeepAlive;
  boolean responseHeadUnflushed;
  boolean discardBody;
  boolean requestComplete;
  boolean responseStarted;
  boolean responseComplete;
  boolean finished;
  boolean guarded;

  /** The next upstream body part waits until the client's channel is writable again. */
  boolean awaitingClientWritable;

  /** The next request body part waits until the upstream's channel is writable again. */
  boolean awaitingUpstreamWritable;

  /** Upstream attempts made so far (1 for the first). */
  int attempts = 1;

  long guardStartNanos;
  io.bulwark.gateway.chain.StageResult.Continue cont;

  Exchange(GatewayRuntime runtime, HttpRequest request, long startNanos) {
    this.runtime = runtime;
    this.request = request;
    this.startNanos = startNanos;
    this.method = request.method().name();
  }

  String routeId() {
    return match == null ? null : match.route().id();
  }

  String loggedPath() {
    if (target != null) {
      return target.path();
    }
    String raw = request.uri();
    int q = raw.indexOf('?');
    String path = q < 0 ? raw : raw.substring(0, q);
    return path.length() > 256 ? path.substring(0, 256) : path;
  }
}
