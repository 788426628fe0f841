package io.bulwark.gateway.hygiene;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Header rules at the boundary. Toward the upstream: hop-by-hop headers (RFC 9110 section 7.6.1,
 * including any named in {@code Connection}) are removed, as are every client-sent {@code
 * X-Bulwark-*} header and, unless the peer is a trusted proxy, every {@code X-Forwarded-*} and
 * {@code Forwarded} header; the gateway then sets {@code X-Forwarded-For}, {@code -Proto} and
 * {@code -Host} itself. Toward the client: hop-by-hop headers and the upstream's {@code Server}
 * banner are removed. Stateless and thread-safe.
 */
public final class HeaderSanitizer {
  private static final AsciiString[] HOP_BY_HOP = {
    AsciiString.cached("connection"),
    AsciiString.cached("keep-alive"),
    AsciiString.cached("proxy-connection"),
    AsciiString.cached("proxy-authenticate"),
    AsciiString.cached("proxy-authorization"),
    AsciiString.cached("te"),
    AsciiString.cached("trailer"),
    AsciiString.cached("transfer-encoding"),
    AsciiString.cached("upgrade")
  };

  private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  private static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
  private static final AsciiString X_POWERED_BY = AsciiString.cached("x-powered-by");
  private static final AsciiString HTTPS = AsciiString.cached("https");
  private static final AsciiString HTTP = AsciiString.cached("http");

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
    List<CharSequence> drop = null;
    Iterator<Map.Entry<CharSequence, CharSequence>> fields = headers.iteratorCharSequence();
    while (fields.hasNext()) {
      CharSequence name = fields.next().getKey();
      if (startsWithIgnoreCase(name, "x-bulwark-")
          || startsWithIgnoreCase(name, "x-forwarded-")
          || startsWithIgnoreCase(name, "x-http2-")
          || AsciiString.contentEqualsIgnoreCase(name, "forwarded")) {
        if (drop == null) {
          drop = new ArrayList<>(4);
        }
        drop.add(name);
      }
    }
    if (drop != null) {
      drop.forEach(headers::remove);
    }
    headers.set(X_FORWARDED_FOR, priorFor.isBlank() ? peerIp : priorFor + ", " + peerIp);
    headers.set(X_FORWARDED_PROTO, priorProto != null ? priorProto : secure ? HTTPS : HTTP);
    if (priorHost != null || host != null) {
      headers.set(X_FORWARDED_HOST, priorHost != null ? priorHost : host);
    }
  }

  /** Cleans upstream response headers in place before they go to the client. */
  public void forResponse(HttpHeaders headers) {
    removeHopByHop(headers);
    headers.remove(HttpHeaderNames.SERVER);
    headers.remove(X_POWERED_BY);
  }

  /**
   * Removes the fields {@code Connection} names and the hop-by-hop fields, finding them in one pass
   * over the (few) fields present rather than one hashed removal per known name.
   */
  private static void removeHopByHop(HttpHeaders headers) {
    List<CharSequence> found = null;
    Iterator<Map.Entry<CharSequence, CharSequence>> fields = headers.iteratorCharSequence();
    while (fields.hasNext()) {
      Map.Entry<CharSequence, CharSequence> field = fields.next();
      CharSequence name = field.getKey();
      if (!isHopByHop(name)) {
        continue;
      }
      if (found == null) {
        found = new ArrayList<>(4);
      }
      found.add(name);
      if (AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.CONNECTION)) {
        for (String token : field.getValue().toString().split(",")) {
          String named = token.trim();
          if (!named.isEmpty()) {
            found.add(named);
          }
        }
      }
    }
    if (found != null) {
      found.forEach(headers::remove);
    }
  }

  private static boolean startsWithIgnoreCase(CharSequence name, String prefix) {
    return AsciiString.regionMatchesAscii(name, true, 0, prefix, 0, prefix.length());
  }

  static boolean isHopByHop(CharSequence name) {
    for (AsciiString hop : HOP_BY_HOP) {
      if (hop.contentEqualsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
