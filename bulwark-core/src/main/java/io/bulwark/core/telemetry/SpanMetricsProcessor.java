package io.bulwark.core.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts ended sampled spans by kind and status as {@code tracing.spans.ended}. Besides the metric,
 * it keeps the SDK's tracer active when no exporter is configured: an SDK without any span
 * processor hands out no-op tracers, which would stop trace ids from being generated and
 * propagated.
 */
final class SpanMetricsProcessor implements SpanProcessor {
  private final Map<SpanKind, Map<StatusCode, Counter>> counters = new EnumMap<>(SpanKind.class);

  SpanMetricsProcessor(MeterRegistry registry) {
    for (SpanKind kind : SpanKind.values()) {
      Map<StatusCode, Counter> byStatus = new EnumMap<>(StatusCode.class);
      for (StatusCode status : StatusCode.values()) {
        byStatus.put(
            status,
            Counter.builder("tracing.spans.ended")
                .description("Sampled spans ended, by kind and status")
                .tag("kind", kind.name())
                .tag("status", status.name())
                .register(registry));
      }
      counters.put(kind, byStatus);
    }
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    counters.get(span.getKind()).get(span.toSpanData().getStatus().getStatusCode()).increment();
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }
}
