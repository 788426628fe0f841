package io.bulwark.gateway.config;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A named group of interchangeable upstream endpoints.
 *
 * @param name unique name that routes refer to
 * @param endpoints static endpoints; at least one
 * @param balancing how an endpoint is chosen per request
 * @param maxConnectionsPerEndpoint most connections to one endpoint per gateway event loop;
 *     requests beyond wait up to the connect timeout
 * @param tls upstream TLS, or {@code null} for plain HTTP
 * @param healthCheck active health check, or {@code null} for passive ejection only
 * @param resilience circuit breaker, retry and bulkhead settings
 */
public record ClusterConfig(
    String name,
    List<EndpointAddress> endpoints,
    Balancing balancing,
    int maxConnectionsPerEndpoint,
    UpstreamTlsConfig tls,
    HealthCheck healthCheck,
    ResilienceConfig resilience) {

  /** Default connections per endpoint and event loop. */
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  /** Load-balancing policies. */
  public enum Balancing {
    /** Each endpoint in turn. */
    ROUND_ROBIN,
    /** The one of two random endpoints with fewer requests in flight. */
    LEAST_REQUEST
  }

  /** Copies the endpoints and checks the limits. */
  public ClusterConfig {
    Objects.requireNonNull(name, "name");
    endpoints = List.copyOf(endpoints);
    Objects.requireNonNull(balancing, "balancing");
    Objects.requireNonNull(resilience, "resilience");
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("cluster '" + name + "' has no endpoints");
    }
    if (maxConnectionsPerEndpoint < 1) {
      throw new IllegalArgumentException("maxConnectionsPerEndpoint must be >= 1");
    }
  }

  /** A cluster with the default resilience settings. */
  public ClusterConfig(
      String name,
      List<EndpointAddress> endpoints,
      Balancing balancing,
      int maxConnectionsPerEndpoint,
      UpstreamTlsConfig tls,
      HealthCheck healthCheck) {
    this(
        name,
        endpoints,
        balancing,
        maxConnectionsPerEndpoint,
        tls,
        healthCheck,
        ResilienceConfig.DEFAULTS);
  }

  /** The same cluster with {@code value} as its resilience settings. */
  public ClusterConfig withResilience(ResilienceConfig value) {
    return new ClusterConfig(
        name, endpoints, balancing, maxConnectionsPerEndpoint, tls, healthCheck, value);
  }

  /** A cluster without active health checks. */
  public ClusterConfig(
      String name,
      List<EndpointAddress> endpoints,
      Balancing balancing,
      int maxConnectionsPerEndpoint,
      UpstreamTlsConfig tls) {
    this(name, endpoints, balancing, maxConnectionsPerEndpoint, tls, null);
  }

  /**
   * An active health check: every {@code interval} each endpoint gets {@code GET path}; a 2xx
   * answer within {@code timeout} is a success, anything else a failure. {@code unhealthyThreshold}
   * failures in a row take the endpoint out of balancing, {@code healthyThreshold} successes in a
   * row bring it back.
   *
   * @param path request path, starting with {@code /}
   * @param interval time between checks of one endpoint
   * @param timeout time allowed for one check
   * @param unhealthyThreshold consecutive failures that mark an endpoint unhealthy
   * @param healthyThreshold consecutive successes that mark it healthy again
   */
  public record HealthCheck(
      String path,
      java.time.Duration interval,
      java.time.Duration timeout,
      int unhealthyThreshold,
      int healthyThreshold) {
    /** Checks the values. */
    public HealthCheck {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("health check path must start with '/'");
      }
      if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("health check interval and timeout must be positive");
      }
      if (unhealthyThreshold < 1 || healthyThreshold < 1) {
        throw new IllegalArgumentException("health check thresholds must be >= 1");
      }
    }
  }

  /** A plain-HTTP round-robin cluster. */
  public static ClusterConfig of(String name, EndpointAddress... endpoints) {
    return new ClusterConfig(
        name, List.of(endpoints), Balancing.ROUND_ROBIN, DEFAULT_MAX_CONNECTIONS, null);
  }

  /**
   * One upstream endpoint.
   *
   * @param host host name or IP address
   * @param port TCP port
   */
  public record EndpointAddress(String host, int port) {
    /** Checks the port range. */
    public EndpointAddress {
      Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("endpoint port must be 1-65535, was " + port);
      }
    }

    @Override
    public String toString() {
      return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
  }

  /**
   * TLS toward a cluster's endpoints: whom to trust and, for mTLS, which certificate to present.
   * The endpoint's host name (or {@code serverName}) is verified against its certificate.
   *
   * @param trustedCas CAs the upstream certificate must chain to; at least one
   * @param clientChain client certificate chain for mTLS, or empty
   * @param clientKey its private key, or {@code null}
   * @param serverName name to send as SNI and verify, or {@code null} for the endpoint host
   */
  public record UpstreamTlsConfig(
      List<X509Certificate> trustedCas,
      List<X509Certificate> clientChain,
      PrivateKey clientKey,
      String serverName) {
    /** Checks that a client chain comes with its key. */
    public UpstreamTlsConfig {
      trustedCas = List.copyOf(trustedCas);
      clientChain = List.copyOf(clientChain);
      if (trustedCas.isEmpty()) {
        throw new IllegalArgumentException("upstream TLS needs at least one trusted CA");
      }
      if (clientChain.isEmpty() != (clientKey == null)) {
        throw new IllegalArgumentException("an upstream client certificate needs its key");
      }
    }

    @Override
    public String toString() {
      return "UpstreamTlsConfig[cas="
          + trustedCas.size()
          + ", mtls="
          + !clientChain.isEmpty()
          + "]";
    }
  }
}
