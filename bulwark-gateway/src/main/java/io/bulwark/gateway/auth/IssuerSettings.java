package io.bulwark.gateway.auth;

import com.nimbusds.jose.JWSAlgorithm;
import io.bulwark.sdk.token.VerifierFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How tokens from one issuer are verified: the exact {@code iss}, where its keys come from (OIDC /
 * RFC 8414 discovery, or an explicit JWK set URI), the pinned signature algorithms, accepted
 * audiences, the required {@code typ}, clock skew and size limits. Validated when built; immutable.
 *
 * @param issuer exact {@code iss} value; also the discovery base when {@code jwksUri} is null, and
 *     then an https URL; with a {@code jwksUri} any absolute URI (such as {@code
 *     urn:bulwark:local})
 * @param jwksUri the issuer's JWK set URL, or null to find it by discovery
 * @param algorithms signature algorithms accepted; only RSA ({@code RS*}, {@code PS*}), EC ({@code
 *     ES*}) and Ed25519 ({@code EdDSA}, {@code Ed25519}) ones, so {@code none} and HMAC with a
 *     public key can never verify
 * @param audiences a token's {@code aud} must contain at least one of these
 * @param requiredType the header {@code typ} tokens must carry (RFC 9068 {@code at+jwt}), or null
 *     to accept any or none
 * @param clockSkew tolerance applied to {@code exp}, {@code nbf} and {@code iat}, at most {@link
 *     #MAX_CLOCK_SKEW}
 * @param maxTokenLength longest compact token accepted, in characters, at most {@link
 *     #MAX_TOKEN_LENGTH_LIMIT}
 * @param requireCertificateBinding whether every token must be certificate-bound (RFC 8705 {@code
 *     cnf.x5t#S256}); bound tokens are always checked against the client certificate either way
 * @param jwksRefreshInterval least time between two fetches of the JWK set caused by unknown key
 *     ids (bounds the load an attacker can cause on the issuer)
 * @param jwksMaxAge a JWK set older than this is refreshed in the background on the next use
 * @param httpTimeout connect and response timeout for discovery and JWK set fetches
 */
public record IssuerSettings(
    String issuer,
    URI jwksUri,
    Set<JWSAlgorithm> algorithms,
    Set<String> audiences,
    String requiredType,
    Duration clockSkew,
    int maxTokenLength,
    boolean requireCertificateBinding,
    Duration jwksRefreshInterval,
    Duration jwksMaxAge,
    Duration httpTimeout) {

  /** Algorithms accepted unless set otherwise. */
  public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS = Set.of(JWSAlgorithm.RS256);

  /** RFC 9068 access token type. */
  public static final String ACCESS_TOKEN_TYPE = "at+jwt";

  /** Default clock skew. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

  /** Largest clock skew accepted. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  /** Default longest token, in characters. */
  public static final int DEFAULT_MAX_TOKEN_LENGTH = 8 * 1024;

  /** Upper bound for {@link #maxTokenLength}. */
  public static final int MAX_TOKEN_LENGTH_LIMIT = 64 * 1024;

  /** Default least time between unknown-{@code kid} refreshes. */
  public static final Duration DEFAULT_JWKS_REFRESH_INTERVAL = Duration.ofSeconds(10);

  /** Default age after which the JWK set is refreshed in the background. */
  public static final Duration DEFAULT_JWKS_MAX_AGE = Duration.ofMinutes(5);

  /** Default HTTP timeout for discovery and JWK set fetches. */
  public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(3);

  public IssuerSettings {
    requireText(issuer, "issuer");
    if (jwksUri != null) {
      requireHttps(jwksUri, "jwksUri");
      if (!URI.create(issuer).isAbsolute()) {
        throw new IllegalArgumentException("issuer must be an absolute URI");
      }
    } else {
      requireHttps(URI.create(issuer), "issuer");
    }
    algorithms = Set.copyOf(Objects.requireNonNull(algorithms, "algorithms"));
    if (algorithms.isEmpty()) {
      throw new IllegalArgumentException("at least one algorithm must be allowed");
    }
    for (JWSAlgorithm alg : algorithms) {
      if (!JWSAlgorithm.Family.RSA.contains(alg)
          && !JWSAlgorithm.Family.EC.contains(alg)
          && !VerifierFactory.isEd25519(alg)) {
        throw new IllegalArgumentException(
            "algorithm not allowed for access tokens (only RS*, PS*, ES*, EdDSA): " + alg);
      }
    }
    audiences = Set.copyOf(Objects.requireNonNull(audiences, "audiences"));
    if (audiences.isEmpty() || audiences.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("at least one non-blank audience is required");
    }
    if (requiredType != null) {
      requireText(requiredType, "requiredType");
    }
    requireBetween(clockSkew, Duration.ZERO, MAX_CLOCK_SKEW, "clockSkew");
    if (maxTokenLength < 256 || maxTokenLength > MAX_TOKEN_LENGTH_LIMIT) {
      throw new IllegalArgumentException(
          "maxTokenLength must be between 256 and " + MAX_TOKEN_LENGTH_LIMIT);
    }
    requireBetween(
        jwksRefreshInterval, Duration.ofMillis(100), Duration.ofHours(1), "jwksRefreshInterval");
    requireBetween(jwksMaxAge, Duration.ofSeconds(1), Duration.ofDays(1), "jwksMaxAge");
    requireBetween(httpTimeout, Duration.ofMillis(100), Duration.ofMinutes(1), "httpTimeout");
  }

  /** Settings with every default for {@code issuer}, keys found by discovery. */
  public static Builder builder(String issuer) {
    return new Builder(issuer);
  }

  /** Whether the JWK set location comes from discovery. */
  public boolean usesDiscovery() {
    return jwksUri == null;
  }

  /** Whether {@code type} (a header {@code typ}, may be null) is acceptable. */
  boolean typeAccepted(String type) {
    if (requiredType == null) {
      return true;
    }
    if (type == null) {
      return false;
    }
    String lower = type.toLowerCase(Locale.ROOT);
    String required = requiredType.toLowerCase(Locale.ROOT);
    return lower.equals(required) || lower.equals("application/" + required);
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  private static void requireBetween(Duration value, Duration min, Duration max, String name) {
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
    }
  }

  /** Only {@code https}, or {@code http} to a loopback address (tests and local setups). */
  static void requireHttps(URI uri, String name) {
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    if (uri.getHost() == null
        || !(scheme.equals("https") || (scheme.equals("http") && isLoopback(uri.getHost())))) {
      throw new IllegalArgumentException(name + " must be an https URL (http only on loopback)");
    }
  }

  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!literal.matches("[0-9.]+") && !literal.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Builds {@link IssuerSettings} starting from the defaults. */
  public static final class Builder {
    private final String issuer;
    private URI jwksUri;
    private Set<JWSAlgorithm> algorithms = DEFAULT_ALGORITHMS;
    private Set<String> audiences = Set.of();
    private String requiredType = ACCESS_TOKEN_TYPE;
    private Duration clockSkew = DEFAULT_CLOCK_SKEW;
    private int maxTokenLength = DEFAULT_MAX_TOKEN_LENGTH;
    private boolean requireCertificateBinding;
    private Duration jwksRefreshInterval = DEFAULT_JWKS_REFRESH_INTERVAL;
    private Duration jwksMaxAge = DEFAULT_JWKS_MAX_AGE;
    private Duration httpTimeout = DEFAULT_HTTP_TIMEOUT;

    private Builder(String issuer) {
      this.issuer = issuer;
    }

    public Builder jwksUri(URI jwksUri) {
      this.jwksUri = jwksUri;
      return this;
    }

    public Builder algorithms(Set<JWSAlgorithm> algorithms) {
      this.algorithms = algorithms;
      return this;
    }

    public Builder audiences(Set<String> audiences) {
      this.audiences = audiences;
      return this;
    }

    public Builder audience(String audience) {
      return audiences(Set.of(audience));
    }

    public Builder requiredType(String requiredType) {
      this.requiredType = requiredType;
      return this;
    }

    public Builder clockSkew(Duration clockSkew) {
      this.clockSkew = clockSkew;
      return this;
    }

    public Builder maxTokenLength(int maxTokenLength) {
      this.maxTokenLength = maxTokenLength;
      return this;
    }

    public Builder requireCertificateBinding(boolean require) {
      this.requireCertificateBinding = require;
      return this;
    }

    public Builder jwksRefreshInterval(Duration interval) {
      this.jwksRefreshInterval = interval;
      return this;
    }

    public Builder jwksMaxAge(Duration maxAge) {
      this.jwksMaxAge = maxAge;
      return this;
    }

    public Builder httpTimeout(Duration timeout) {
      this.httpTimeout = timeout;
      return this;
    }

    public IssuerSettings build() {
      return new IssuerSettings(
          issuer,
          jwksUri,
          algorithms,
          audiences,
          requiredType,
          clockSkew,
          maxTokenLength,
          requireCertificateBinding,
          jwksRefreshInterval,
          jwksMaxAge,
          httpTimeout);
    }
  }
}
