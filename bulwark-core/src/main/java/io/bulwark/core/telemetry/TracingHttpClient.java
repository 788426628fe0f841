package io.bulwark.core.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An {@link HttpClient} that opens a CLIENT span per request, as a child of the current context,
 * and injects its W3C {@code traceparent} (and {@code tracestate}) headers so the downstream
 * service continues the same trace. It is a drop-in {@code HttpClient}: code that takes a plain
 * client (such as the example services) propagates traces without knowing it.
 *
 * @see <a href="https://www.w3.org/TR/trace-context/">W3C Trace Context</a>
 */
public final class TracingHttpClient extends HttpClient {
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final TextMapSetter<HttpRequest.Builder> SETTER =
      (builder, name, value) -> builder.setHeader(name, value);

  private final HttpClient client;
  private final Tracer tracer;
  private final TextMapPropagator propagator;

  /** Wraps {@code client}, tracing with {@code telemetry}'s tracer and propagators. */
  public TracingHttpClient(HttpClient client, Telemetry telemetry) {
    this.client = Objects.requireNonNull(client, "client");
    this.tracer = telemetry.tracer("io.bulwark.core.http-client");
    this.propagator = telemetry.openTelemetry().getPropagators().getTextMapPropagator();
  }

  /** The wrapped client. Requests sent through it directly are not traced. */
  public HttpClient delegate() {
    return client;
  }

  /** Sends {@code request} with trace headers, blocking until the response arrives. */
  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Span span = startSpan(request);
    try (Scope ignored = span.makeCurrent()) {
      HttpResponse<T> response = client.send(traced(request, span), handler);
      end(span, response, null);
      return response;
    } catch (IOException | InterruptedException | RuntimeException e) {
      end(span, null, e);
      throw e;
    }
  }

  /** Sends {@code request} asynchronously with trace headers; the span ends with the response. */
  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    Span span = startSpan(request);
    return client
        .sendAsync(traced(request, span), handler)
        .whenComplete((response, error) -> end(span, response, error));
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    Span span = startSpan(request);
    return client
        .sendAsync(traced(request, span), handler, pushPromiseHandler)
        .whenComplete((response, error) -> end(span, response, error));
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return client.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return client.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return client.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return client.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return client.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return client.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return client.authenticator();
  }

  @Override
  public Version version() {
    return client.version();
  }

  @Override
  public Optional<Executor> executor() {
    return client.executor();
  }

  @Override
  public void close() {
    client.close();
  }

  /**
   * A copy of {@code request} carrying the trace context of {@code context}: for callers that use
   * their own client but still need propagation.
   */
  public static HttpRequest withTraceContext(
      HttpRequest request, Context context, TextMapPropagator propagator) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(request, (name, value) -> true);
    propagator.inject(context, builder, SETTER);
    return builder.build();
  }

  private Span startSpan(HttpRequest request) {
    return tracer
        .spanBuilder(request.method())
        .setSpanKind(SpanKind.CLIENT)
        .setParent(Context.current())
        .setAttribute(METHOD, request.method())
        .setAttribute(URL, withoutQuery(request))
        .startSpan();
  }

  private HttpRequest traced(HttpRequest request, Span span) {
    return withTraceContext(request, Context.current().with(span), propagator);
  }

  private static String withoutQuery(HttpRequest request) {
    var uri = request.uri();
    String port = uri.getPort() == -1 ? "" : ":" + uri.getPort();
    return uri.getScheme() + "://" + uri.getHost() + port + uri.getRawPath();
  }

  private static void end(Span span, HttpResponse<?> response, Throwable error) {
    if (response != null) {
      span.setAttribute(STATUS, (long) response.statusCode());
      if (response.statusCode() >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
    }
    if (error != null) {
      span.setAttribute(ERROR_TYPE, error.getClass().getName());
      span.setStatus(StatusCode.ERROR);
    }
    span.end();
  }
}
