package io.bulwark.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A SPIFFE ID, {@code spiffe://<trust-domain>/<path>}, parsed strictly per the SPIFFE ID
 * specification: lowercase trust domain of {@code [a-z0-9._-]}, path segments of {@code
 * [A-Za-z0-9._-]} with no empty, {@code .} or {@code ..} segment, no port, user info, query or
 * fragment, at most 2048 bytes.
 *
 * @see <a href="https://github.com/spiffe/spiffe/blob/main/standards/SPIFFE-ID.md">SPIFFE ID</a>
 */
public record SpiffeId(String trustDomain, String path) {
  private static final Pattern TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]{1,255}");
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
  private static final String SCHEME = "spiffe://";

  public SpiffeId {
    if (trustDomain == null || !TRUST_DOMAIN.matcher(trustDomain).matches()) {
      throw new IllegalArgumentException("invalid SPIFFE trust domain");
    }
    if (path == null || !validPath(path)) {
      throw new IllegalArgumentException("invalid SPIFFE path");
    }
  }

  /** Parses {@code uri}, or empty when it is not a valid SPIFFE ID. */
  public static Optional<SpiffeId> parse(String uri) {
    if (uri == null
        || !uri.startsWith(SCHEME)
        || uri.getBytes(StandardCharsets.UTF_8).length > 2048) {
      return Optional.empty();
    }
    String rest = uri.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String domain = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    if (!TRUST_DOMAIN.matcher(domain).matches() || !validPath(path)) {
      return Optional.empty();
    }
    return Optional.of(new SpiffeId(domain, path));
  }

  private static boolean validPath(String path) {
    if (path.isEmpty()) {
      return true;
    }
    if (!path.startsWith("/")) {
      return false;
    }
    for (String segment : path.substring(1).split("/", -1)) {
      if (segment.isEmpty()
          || segment.equals(".")
          || segment.equals("..")
          || !SEGMENT.matcher(segment).matches()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return SCHEME + trustDomain + path;
  }
}
