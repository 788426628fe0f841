package io.bulwark.gateway.chain;

import io.bulwark.gateway.config.RouteConfig;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a stage sees of a request: the normalized path the route matched, the route and its path
 * parameters, headers after hygiene (names in lower case), the TLS client certificate chain if one
 * was presented, the source address, and the attributes earlier stages set. Immutable.
 *
 * @param method request method, upper case
 * @param path normalized path
 * @param query raw query without {@code ?}, or {@code null}
 * @param host Host header without port, lower case, or {@code null}
 * @param route the matched route
 * @param pathParams template parameters of the route
 * @param headers header values by lower-case name, in arrival order
 * @param source the client's address (the TCP peer)
 * @param secure whether the client connection is TLS
 * @param clientCertificates the verified client certificate chain, leaf first; empty if none
 * @param attributes values set by earlier stages
 */
public record RequestView(
    String method,
    String path,
    String query,
    String host,
    RouteConfig route,
    Map<String, String> pathParams,
    Map<String, List<String>> headers,
    InetSocketAddress source,
    boolean secure,
    List<X509Certificate> clientCertificates,
    Attributes attributes) {

  /** Copies collections. */
  public RequestView {
    pathParams = Map.copyOf(pathParams);
    headers = Map.copyOf(headers);
    clientCertificates = List.copyOf(clientCertificates);
  }

  /** The first value of a header (name in any case). */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The client's IP address as text. */
  public String sourceIp() {
    return source.getAddress().getHostAddress();
  }

  /** This view with {@code more} attributes added (this same view when there are none). */
  public RequestView withAttributes(Attributes more) {
    Attributes merged = attributes.merge(more);
    if (merged == attributes) {
      return this;
    }
    return new RequestView(
        method,
        path,
        query,
        host,
        route,
        pathParams,
        headers,
        source,
        secure,
        clientCertificates,
        merged);
  }
}
