package io.bulwark.core.log;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback {@code %traceId}: {@code " trace=<id>"} when the event carries a {@value #MDC_TRACE_ID}
 * MDC entry, else nothing, so text lines stay short outside requests.
 */
public final class TraceIdConverter extends ClassicConverter {
  /** MDC key holding the current W3C trace id (32 hex digits). */
  public static final String MDC_TRACE_ID = "trace_id";

  /** MDC key holding the current span id (16 hex digits). */
  public static final String MDC_SPAN_ID = "span_id";

  @Override
  public String convert(ILoggingEvent event) {
    String traceId = event.getMDCPropertyMap().get(MDC_TRACE_ID);
    return traceId == null || traceId.isEmpty() ? "" : " trace=" + traceId;
  }
}
