package io.bulwark.gateway.ratelimit;

import io.bulwark.gateway.auth.ApiKeyAuthenticator;
import io.bulwark.gateway.auth.AuthMethod;
import io.bulwark.gateway.auth.AuthenticatedPrincipal;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Builds bucket keys from a request's principal, source address and route, for the parts a route
 * chose (for example {@code [ROUTE, USER]}: one bucket per user per route). Each part is labelled
 * ({@code user=alice|route=orders}) so values of different parts never collide; a part the request
 * cannot supply (anonymous caller, no API key) uses the source address instead. Keys longer than
 * {@value #MAX_KEY_LENGTH} characters are replaced by their SHA-256. Immutable.
 */
public final class RateLimitKeys {
  /** Longest key kept as text. */
  public static final int MAX_KEY_LENGTH = 200;

  private final List<KeyPart> parts;

  /** A key builder for {@code parts} (at least one, no repeats). */
  public RateLimitKeys(List<KeyPart> parts) {
    if (parts == null || parts.isEmpty() || parts.stream().distinct().count() != parts.size()) {
      throw new IllegalArgumentException("rate limit key needs one or more distinct parts");
    }
    this.parts = List.copyOf(parts);
  }

  /**
   * The bucket key for a request.
   *
   * @param principal the authenticated caller, or null when anonymous
   * @param sourceAddress the client's address (after trusted-proxy handling)
   * @param route the route id
   */
  public String keyFor(AuthenticatedPrincipal principal, InetAddress sourceAddress, String route) {
    Objects.requireNonNull(sourceAddress, "sourceAddress");
    StringBuilder key = new StringBuilder();
    for (KeyPart part : parts) {
      if (!key.isEmpty()) {
        key.append('|');
      }
      String value = value(part, principal, sourceAddress, route);
      if (value == null) {
        key.append("ip=").append(escape(address(sourceAddress)));
      } else {
        key.append(part.name().toLowerCase(java.util.Locale.ROOT))
            .append('=')
            .append(escape(value));
      }
    }
    return key.length() <= MAX_KEY_LENGTH ? key.toString() : "sha256=" + sha256(key.toString());
  }

  /** The rate-limit policy an API key asks for, or null (use the route's). */
  public static String apiKeyPolicy(AuthenticatedPrincipal principal) {
    if (principal == null || principal.method() != AuthMethod.API_KEY) {
      return null;
    }
    Object policy = principal.claims().get(ApiKeyAuthenticator.RATE_LIMIT_POLICY_CLAIM);
    return policy instanceof String name ? name : null;
  }

  private static String value(
      KeyPart part, AuthenticatedPrincipal principal, InetAddress source, String route) {
    return switch (part) {
      case CLIENT -> principal == null ? null : principal.clientId();
      case USER -> principal == null ? null : principal.subject();
      case API_KEY ->
          principal != null && principal.method() == AuthMethod.API_KEY
              ? principal.clientId()
              : null;
      case SOURCE_IP -> address(source);
      case ROUTE -> Objects.requireNonNull(route, "route");
    };
  }

  /** IPv4 as is; IPv6 reduced to its /64 prefix. */
  static String address(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] bytes = address.getAddress();
      return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
    }
    return address.getHostAddress();
  }

  private static String escape(String value) {
    if (value.indexOf('|') < 0 && value.indexOf('=') < 0 && value.indexOf('%') < 0) {
      return value;
    }
    return value.replace("%", "%25").replace("|", "%7C").replace("=", "%3D");
  }

  private static String sha256(String value) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
