/**
 * Metrics and tracing wiring: {@link io.bulwark.core.telemetry.Telemetry} owns the process's
 * Prometheus registry and OpenTelemetry SDK, and {@link
 * io.bulwark.core.telemetry.TracingHttpClient} carries the W3C trace context to downstream
 * services.
 */
package io.bulwark.core.telemetry;
