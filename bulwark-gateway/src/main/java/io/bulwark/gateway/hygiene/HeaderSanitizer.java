package io.bulwark.gateway.hygiene;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Header rules at the boundary. Toward the upstream: hop-by-hop headers (RFC 9110 section 7.6.1,
 * including any named in {@code Connection}) are removed, as are every client-sent {@code
 * X-Bulwark-*} header and, unless the peer is a trusted proxy, every {@code X-Forwarded-*} and
 * {@code Forwarded} header; the gateway then sets {@code X-Forwarded-For}, {@code -Proto} and
 * {@code -Host} itself. Toward the client: hop-by-hop headers and the upstream's {@code Server}
 * banner are removed. Stateless and thread-safe.
 */
public final class HeaderSanitizer {
  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade");

  private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");

  private final TrustedProxies trustedProxies;

  /** Uses {@code trustedProxies} to decide whose forwarding headers to keep. */
  public HeaderSanitizer(TrustedProxies trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  /**
   * Cleans request headers in place for forwarding.
   *
   * @param headers the client's headers
   * @param peerIp the address of the connected peer
   * @param secure whether the client connection is TLS
   * @param host the request's Host value
   */
  public void forRequest(HttpHeaders headers, String peerIp, boolean secure, String host) {
    removeHopByHop(headers);
    boolean trusted = trustedProxies.isTrusted(peerIp);
    String priorFor = trusted ? String.join(", ", headers.getAll(X_FORWARDED_FOR)) : "";
    String priorProto = trusted ? headers.get(X_FORWARDED_PROTO) : null;
    String priorHost = trusted ? headers.get(X_FORWARDED_HOST) : null;
    List<String> drop = new ArrayList<>();
    for (Map.Entry<String, String> e : headers) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith("x-bulwark-")
          || name.startsWith("x-forwarded-")
          || name.startsWith("x-http2-")
          || name.equals("forwarded")) {
        drop.add(name);
      }
    }
    drop.forEach(headers::remove);
    headers.set(X_FORWARDED_FOR, priorFor.isBlank() ? peerIp : priorFor + ", " + peerIp);
    headers.set(X_FORWARDED_PROTO, priorProto != null ? priorProto : secure ? "https" : "http");
    if (priorHost != null || host != null) {
      headers.set(X_FORWARDED_HOST, priorHost != null ? priorHost : host);
    }
  }

  /** Cleans upstream response headers in place before they go to the client. */
  public void forResponse(HttpHeaders headers) {
    removeHopByHop(headers);
    headers.remove(HttpHeaderNames.SERVER);
    headers.remove("x-powered-by");
  }

  private static void removeHopByHop(HttpHeaders headers) {
    for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
      for (String token : connection.split(",")) {
        String name = token.trim();
        if (!name.isEmpty()) {
          headers.remove(name);
        }
      }
    }
    HOP_BY_HOP.forEach(headers::remove);
  }
}
