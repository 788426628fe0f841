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
 */
public record ClusterConfig(
    String name,
    List<EndpointAddress> endpoints,
    Balancing balancing,
    int maxConnectionsPerEndpoint,
    UpstreamTlsConfig tls) {

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
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("cluster '" + name + "' has no endpoints");
    }
    if (maxConnectionsPerEndpoint < 1) {
      throw new IllegalArgumentException("maxConnectionsPerEndpoint must be >= 1");
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
