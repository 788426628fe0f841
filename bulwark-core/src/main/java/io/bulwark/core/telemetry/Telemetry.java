package io.bulwark.core.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The process's metrics registry and tracing SDK, created once at start-up and handed to every
 * server and client. Metrics are scraped in Prometheus text format; spans are sampled parent-based
 * with a trace-id ratio for new traces, and exported over OTLP/HTTP only when an endpoint is
 * configured. The W3C trace-context propagator is always on. Nothing is registered globally, so
 * several instances can coexist (e.g. in tests).
 *
 * @see <a href="https://www.w3.org/TR/trace-context/">W3C Trace Context</a>
 */
public final class Telemetry implements AutoCloseable {
  /** Most spans held for export; spans beyond this are dropped rather than buffered. */
  public static final int MAX_EXPORT_QUEUE = 2048;

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private final String serviceName;
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gcMetrics;
  private final OpenTelemetrySdk sdk;

  private Telemetry(
      String serviceName,
      PrometheusMeterRegistry registry,
      JvmGcMetrics gcMetrics,
      OpenTelemetrySdk sdk) {
    this.serviceName = serviceName;
    this.registry = registry;
    this.gcMetrics = gcMetrics;
    this.sdk = sdk;
  }

  /**
   * Creates the telemetry of one process.
   *
   * @param serviceName the {@code service.name} of spans and the {@code service} tag of metrics
   * @param otlpEndpoint OTLP/HTTP collector base URL (e.g. {@code http://localhost:4318}) or the
   *     full traces URL; empty disables span export
   * @param sampleRatio share of new traces sampled, 0.0 to 1.0; traces continued from a caller
   *     follow the caller's decision
   */
  public static Telemetry create(
      String serviceName, Optional<URI> otlpEndpoint, double sampleRatio) {
    Objects.requireNonNull(serviceName, "serviceName");
    Objects.requireNonNull(otlpEndpoint, "otlpEndpoint");
    if (!(sampleRatio >= 0.0 && sampleRatio <= 1.0)) {
      throw new IllegalArgumentException("sampleRatio must be within [0, 1], was " + sampleRatio);
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("service", serviceName);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);

    SdkTracerProviderBuilder tracing =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName))))
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(sampleRatio)))
            .addSpanProcessor(new SpanMetricsProcessor(registry));
    otlpEndpoint.ifPresent(endpoint ->
        tracing.addSpanProcessor(
            BatchSpanProcessor.builder(
                    OtlpHttpSpanExporter.builder()
                        .setEndpoint(tracesUrl(endpoint))
                        .setTimeout(Duration.ofSeconds(10))
                        .build())
                .setMaxQueueSize(MAX_EXPORT_QUEUE)
                .setMaxExportBatchSize(512)
                .setScheduleDelay(Duration.ofSeconds(2))
                .setExporterTimeout(Duration.ofSeconds(10))
                .build()));
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(tracing.build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    return new Telemetry(serviceName, registry, gc, sdk);
  }

  static String tracesUrl(URI endpoint) {
    String url = endpoint.toString();
    if (url.endsWith("/v1/traces")) {
      return url;
    }
    return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/v1/traces";
  }

  /** The service name given at creation. */
  public String serviceName() {
    return serviceName;
  }

  /** The Prometheus registry every meter of this process is registered in. */
  public PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  /** The same registry as {@link #meterRegistry()}, typed for code that needs only the API. */
  public MeterRegistry meters() {
    return registry;
  }

  /** The OpenTelemetry instance (tracer provider and W3C propagators) of this process. */
  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** A tracer for the given instrumentation scope, e.g. {@code "io.bulwark.gateway"}. */
  public Tracer tracer(String instrumentationScope) {
    return sdk.getTracer(instrumentationScope);
  }

  /** All metrics in Prometheus text exposition format 0.0.4. */
  public String scrape() {
    return registry.scrape();
  }

  /** Flushes pending spans (bounded wait) and releases the registry and SDK. */
  @Override
  public void close() {
    sdk.shutdown().join(10, TimeUnit.SECONDS);
    gcMetrics.close();
    registry.close();
  }
}
