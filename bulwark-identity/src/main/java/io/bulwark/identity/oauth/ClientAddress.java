package io.bulwark.identity.oauth;

import io.bulwark.core.http.ClientCertificates;
import io.bulwark.identity.client.CertificateSubjects;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The address of the client behind a request, for sign-in throttling and audit events: the TCP
 * peer, unless the peer is a trusted reverse proxy (the gateway), in which case the address that
 * proxy appended to {@code X-Forwarded-For}. A proxy is trusted only by a verified client
 * certificate carrying one of the configured names, never by its IP address, so a caller that
 * reaches the identity server directly cannot choose the address it is throttled under.
 */
public final class ClientAddress {
  private static final String ATTRIBUTE = "io.bulwark.identity.clientAddress";
  private static final int MAX_HEADER = 2048;
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final List<String> trustedProxies;

  /** Trusts proxies whose certificates carry one of these names ({@code dns:}/{@code uri:}). */
  public ClientAddress(List<String> trustedProxies) {
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  /** Works out the request's client address once, before the handlers run. */
  public void resolve(Context ctx) {
    ctx.attribute(ATTRIBUTE, resolved(ctx));
  }

  /** The client address {@link #resolve} found, or the TCP peer's. */
  public static String of(Context ctx) {
    return ctx.attribute(ATTRIBUTE) instanceof String address ? address : ctx.ip();
  }

  private String resolved(Context ctx) {
    if (trustedProxies.isEmpty()) {
      return ctx.ip();
    }
    Optional<X509Certificate> proxy = ClientCertificates.verified(ctx);
    if (proxy.isEmpty()
        || trustedProxies.stream().noneMatch(n -> CertificateSubjects.hasName(proxy.get(), n))) {
      return ctx.ip();
    }
    String forwarded = lastForwardedFor(ctx.req().getHeaders("X-Forwarded-For"));
    return forwarded != null ? forwarded : ctx.ip();
  }

  /** The right-most entry over all X-Forwarded-For fields: the one the trusted proxy added. */
  static String lastForwardedFor(Enumeration<String> fields) {
    String last = null;
    while (fields != null && fields.hasMoreElements()) {
      String field = fields.nextElement();
      if (field.length() > MAX_HEADER) {
        return null;
      }
      int comma = field.lastIndexOf(',');
      String entry = (comma < 0 ? field : field.substring(comma + 1)).strip();
      if (!entry.isEmpty()) {
        last = entry;
      }
    }
    return last != null && isAddress(last) ? last : null;
  }

  static boolean isAddress(String value) {
    return IPV4.matcher(value).matches()
        || (value.indexOf(':') >= 0 && IPV6.matcher(value).matches() && parsesAsIpv6(value));
  }

  private static boolean parsesAsIpv6(String value) {
    try {
      // In brackets the JDK parses an IPv6 literal and never asks DNS.
      InetAddress.getByName("[" + value + "]");
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
