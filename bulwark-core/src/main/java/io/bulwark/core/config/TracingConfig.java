package io.bulwark.core.config;

import java.net.URI;
import java.util.Optional;

/**
 * The {@code tracing} section. W3C {@code traceparent} is always propagated; spans are exported
 * over OTLP/HTTP only when an endpoint is set.
 *
 * @param serviceName {@code service.name} of exported spans
 * @param otlpEndpoint absolute http or https URI of the OTLP traces endpoint, or empty for no
 *     export
 * @param sampleRatio fraction of new traces sampled, 0.0 to 1.0
 */
public record TracingConfig(String serviceName, Optional<URI> otlpEndpoint, double sampleRatio) {
  /** Default {@code tracing.serviceName}. */
  public static final String DEFAULT_SERVICE_NAME = "bulwark";

  /** Default {@code tracing.sampleRatio}: every trace. */
  public static final double DEFAULT_SAMPLE_RATIO = 1.0;

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or not allowed
   */
  public TracingConfig {
    Checks.nonBlank("tracing.serviceName", serviceName);
    Checks.present("tracing.otlpEndpoint", otlpEndpoint).ifPresent(TracingConfig::checkEndpoint);
    Checks.ratio("tracing.sampleRatio", sampleRatio);
  }

  /** The documented defaults: no export. */
  public static TracingConfig defaults() {
    return new TracingConfig(DEFAULT_SERVICE_NAME, Optional.empty(), DEFAULT_SAMPLE_RATIO);
  }

  private static void checkEndpoint(URI endpoint) {
    String scheme = endpoint.getScheme();
    if (!endpoint.isAbsolute()
        || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
        || endpoint.getHost() == null) {
      throw new ConfigValueException(
          "tracing.otlpEndpoint", "must be an absolute http or https URL with a host");
    }
  }
}
