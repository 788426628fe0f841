package io.bulwark.core.http;

import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.log.TraceIdConverter;
import io.bulwark.core.telemetry.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Servlet filter wrapped around every request of an {@link HttpServer}: continues or starts the W3C
 * trace as a SERVER span, makes it current (and puts its ids in the MDC) while the handler runs,
 * echoes {@code traceparent}, sets security headers, and when the response completes records the
 * {@code http.server.requests} timer and writes one access-log line.
 */
final class RequestObserver implements Filter {
  /** Request attribute holding the matched route template, set by a before-matched handler. */
  static final String ROUTE_ATTRIBUTE = "io.bulwark.route";

  static final String ACCESS_LOGGER = "io.bulwark.access";

  private static final Logger ACCESS = LoggerFactory.getLogger(ACCESS_LOGGER);
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "QUERY");
  private static final AttributeKey<String> HTTP_METHOD =
      AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<Long> HTTP_STATUS =
      AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> SERVER = AttributeKey.stringKey("bulwark.server");

  private static final TextMapGetter<HttpServletRequest> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServletRequest carrier) {
          return Collections.list(carrier.getHeaderNames());
        }

        @Override
        public String get(HttpServletRequest carrier, String key) {
          return carrier == null ? null : carrier.getHeader(key);
        }
      };

  private final String serverName;
  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final RequestTimers timers;
  private final DenialAuditor denials;

  RequestObserver(String serverName, Telemetry telemetry, AuditLog auditLog) {
    this.serverName = serverName;
    this.denials = auditLog == null ? null : new DenialAuditor(serverName, auditLog);
    this.tracer = telemetry.tracer("io.bulwark.core.http");
    this.propagator = telemetry.openTelemetry().getPropagators().getTextMapPropagator();
    this.timers = new RequestTimers(serverName, telemetry.meterRegistry());
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    long start = System.nanoTime();
    String method = METHODS.contains(request.getMethod()) ? request.getMethod() : "OTHER";

    Context parent = propagator.extract(Context.root(), request, GETTER);
    Span span =
        tracer
            .spanBuilder(method)
            .setSpanKind(SpanKind.SERVER)
            .setParent(parent)
            .setAttribute(HTTP_METHOD, method)
            .setAttribute(URL_PATH, request.getRequestURI())
            .setAttribute(SERVER, serverName)
            .startSpan();
    Context context = parent.with(span);

    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Cache-Control", "no-store");
    propagator.inject(context, response, HttpServletResponse::setHeader);

    SpanContext ids = span.getSpanContext();
    MDC.put(TraceIdConverter.MDC_TRACE_ID, ids.getTraceId());
    MDC.put(TraceIdConverter.MDC_SPAN_ID, ids.getSpanId());
    Throwable failure = null;
    try (Scope ignored = context.makeCurrent()) {
      chain.doFilter(req, res);
    } catch (IOException | ServletException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      if (failure == null && request.isAsyncStarted()) {
        request
            .getAsyncContext()
            .addListener(new Completion(request, response, span, method, start));
      } else {
        complete(request, response, span, method, start, failure);
      }
      MDC.remove(TraceIdConverter.MDC_TRACE_ID);
      MDC.remove(TraceIdConverter.MDC_SPAN_ID);
    }
  }

  private void complete(
      HttpServletRequest request,
      HttpServletResponse response,
      Span span,
      String method,
      long start,
      Throwable failure) {
    long nanos = System.nanoTime() - start;
    int status = failure == null ? response.getStatus() : 500;
    String route = route(request, status);

    span.updateName(method + " " + route);
    span.setAttribute(HTTP_ROUTE, route);
    span.setAttribute(HTTP_STATUS, (long) status);
    if (status >= 500) {
      span.setStatus(StatusCode.ERROR);
    }
    if (failure != null) {
      span.recordException(failure);
    }
    span.end();

    timers.timer(method, route, status).record(nanos, TimeUnit.NANOSECONDS);

    String traceId = span.getSpanContext().getTraceId();
    if (denials != null && (status == 401 || status == 403)) {
      denials.record(request, method, route, status, traceId);
    }
    if (!ACCESS.isInfoEnabled()) {
      return;
    }
    double millis = Math.round(nanos / 100_000.0) / 10.0;
    ACCESS
        .atInfo()
        .addKeyValue("server", serverName)
        .addKeyValue("method", method)
        .addKeyValue("route", route)
        .addKeyValue("status", status)
        .addKeyValue("duration_ms", millis)
        .addKeyValue(TraceIdConverter.MDC_TRACE_ID, traceId)
        .log("{} {} {} {} {}ms trace={}", serverName, method, route, status, millis, traceId);
  }

  private static String route(HttpServletRequest request, int status) {
    if (request.getAttribute(ROUTE_ATTRIBUTE) instanceof String template) {
      return template;
    }
    return switch (status) {
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      default -> "UNMATCHED";
    };
  }

  private final class Completion implements AsyncListener {
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final Span span;
    private final String method;
    private final long start;
    private boolean done;

    Completion(
        HttpServletRequest request,
        HttpServletResponse response,
        Span span,
        String method,
        long start) {
      this.request = request;
      this.response = response;
      this.span = span;
      this.method = method;
      this.start = start;
    }

    private synchronized void finish(Throwable failure) {
      if (!done) {
        done = true;
        complete(request, response, span, method, start, failure);
      }
    }

    @Override
    public void onComplete(AsyncEvent event) {
      finish(null);
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      finish(null);
    }

    @Override
    public void onError(AsyncEvent event) {
      finish(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }
  }
}
