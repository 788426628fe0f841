package io.bulwark.identity;

import com.nimbusds.jose.JWSAlgorithm;
import io.bulwark.identity.token.SigningKeyRing;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the identity server. Every duration is checked here, once; defaults are the named
 * constants.
 *
 * @param issuer the issuer URL ({@code iss}, discovery base); null to use the server's own {@code
 *     https://host:port} once bound (tests, loopback)
 * @param host address to listen on
 * @param port port to listen on (0 for a free one)
 * @param tlsCertificate PEM certificate chain the listener presents
 * @param tlsKey PEM private key of that certificate
 * @param accessTokenTtl lifetime of access tokens
 * @param idTokenTtl lifetime of ID tokens
 * @param authorizationCodeTtl lifetime of authorization codes
 * @param refreshTokenIdleTtl a refresh token not used for this long expires (sliding)
 * @param refreshTokenMaxTtl no refresh token of a login lives past this (absolute)
 * @param signingAlgorithm RS256 (default), ES256 or EdDSA
 * @param attributeClaims user attributes copied into access tokens as claims (e.g. {@code dept})
 * @param clientCaCertificates PEM file of the CA certificates client certificates must chain to for
 *     {@code tls_client_auth} (RFC 8705); null to not ask TLS clients for certificates
 * @param browserSessionIdleTtl a single sign-on session unused this long ends
 * @param browserSessionMaxTtl no single sign-on session lives longer than this
 * @param trustedProxies certificate names ({@code dns:NAME} or {@code uri:URI}, matched against the
 *     subject alternative names) of reverse proxies whose {@code X-Forwarded-For} gives the
 *     client's address; a proxy proves its name with a client certificate that chains to {@code
 *     clientCaCertificates} (so this needs them). Empty: the TCP peer is the client
 */
public record IdentityConfig(
    URI issuer,
    String host,
    int port,
    Path tlsCertificate,
    Path tlsKey,
    Duration accessTokenTtl,
    Duration idTokenTtl,
    Duration authorizationCodeTtl,
    Duration refreshTokenIdleTtl,
    Duration refreshTokenMaxTtl,
    JWSAlgorithm signingAlgorithm,
    List<String> attributeClaims,
    Path clientCaCertificates,
    Duration browserSessionIdleTtl,
    Duration browserSessionMaxTtl,
    List<String> trustedProxies) {

  /** Default access-token lifetime: 5 minutes. */
  public static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofMinutes(5);

  /** Default ID-token lifetime: 5 minutes. */
  public static final Duration DEFAULT_ID_TOKEN_TTL = Duration.ofMinutes(5);

  /** Default authorization-code lifetime: 60 seconds. */
  public static final Duration DEFAULT_CODE_TTL = Duration.ofSeconds(60);

  /** Default sliding refresh-token lifetime: 1 day. */
  public static final Duration DEFAULT_REFRESH_IDLE_TTL = Duration.ofDays(1);

  /** Default absolute refresh-token lifetime: 14 days. */
  public static final Duration DEFAULT_REFRESH_MAX_TTL = Duration.ofDays(14);

  /** Default attribute claims. */
  public static final List<String> DEFAULT_ATTRIBUTE_CLAIMS = List.of("tenant", "dept");

  /** Default idle limit of a single sign-on session: 30 minutes without use ends it. */
  public static final Duration DEFAULT_BROWSER_SESSION_IDLE_TTL = Duration.ofMinutes(30);

  /** Default absolute lifetime of a single sign-on session: 8 hours (a working day). */
  public static final Duration DEFAULT_BROWSER_SESSION_MAX_TTL = Duration.ofHours(8);

  /** Clock skew allowed to relying parties; replaced keys are kept this much longer. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  /** Checks every setting. */
  public IdentityConfig {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535");
    }
    Objects.requireNonNull(tlsCertificate, "tlsCertificate (TLS is always on)");
    Objects.requireNonNull(tlsKey, "tlsKey (TLS is always on)");
    if (issuer != null
        && (!"https".equals(issuer.getScheme())
            || issuer.getQuery() != null
            || issuer.getFragment() != null)) {
      throw new IllegalArgumentException("issuer must be an https URL without query or fragment");
    }
    positive(accessTokenTtl, "accessTokenTtl", Duration.ofHours(24));
    positive(idTokenTtl, "idTokenTtl", Duration.ofHours(24));
    positive(authorizationCodeTtl, "authorizationCodeTtl", Duration.ofMinutes(10));
    positive(refreshTokenIdleTtl, "refreshTokenIdleTtl", Duration.ofDays(365));
    positive(refreshTokenMaxTtl, "refreshTokenMaxTtl", Duration.ofDays(365));
    if (refreshTokenIdleTtl.compareTo(refreshTokenMaxTtl) > 0) {
      throw new IllegalArgumentException("refreshTokenIdleTtl must not exceed refreshTokenMaxTtl");
    }
    if (!SigningKeyRing.SUPPORTED.contains(signingAlgorithm)) {
      throw new IllegalArgumentException("signingAlgorithm must be RS256, ES256 or EdDSA");
    }
    attributeClaims = List.copyOf(attributeClaims);
    positive(browserSessionIdleTtl, "browserSessionIdleTtl", Duration.ofDays(30));
    positive(browserSessionMaxTtl, "browserSessionMaxTtl", Duration.ofDays(30));
    if (browserSessionIdleTtl.compareTo(browserSessionMaxTtl) > 0) {
      throw new IllegalArgumentException(
          "browserSessionIdleTtl must not exceed browserSessionMaxTtl");
    }
    trustedProxies = List.copyOf(trustedProxies);
    for (String name : trustedProxies) {
      if (!(name.startsWith("dns:") || name.startsWith("uri:")) || name.length() < 5) {
        throw new IllegalArgumentException(
            "trustedProxies entries are dns:NAME or uri:URI, got '" + name + "'");
      }
    }
    if (!trustedProxies.isEmpty() && clientCaCertificates == null) {
      throw new IllegalArgumentException(
          "trustedProxies need clientCaCertificates: proxies prove their names with certificates");
    }
  }

  /** Settings without a client CA (no {@code tls_client_auth}). */
  public IdentityConfig(
      URI issuer,
      String host,
      int port,
      Path tlsCertificate,
      Path tlsKey,
      Duration accessTokenTtl,
      Duration idTokenTtl,
      Duration authorizationCodeTtl,
      Duration refreshTokenIdleTtl,
      Duration refreshTokenMaxTtl,
      JWSAlgorithm signingAlgorithm,
      List<String> attributeClaims) {
    this(
        issuer,
        host,
        port,
        tlsCertificate,
        tlsKey,
        accessTokenTtl,
        idTokenTtl,
        authorizationCodeTtl,
        refreshTokenIdleTtl,
        refreshTokenMaxTtl,
        signingAlgorithm,
        attributeClaims,
        null,
        DEFAULT_BROWSER_SESSION_IDLE_TTL,
        DEFAULT_BROWSER_SESSION_MAX_TTL,
        List.of());
  }

  /**
   * These settings with a client CA: the listener then asks TLS clients for a certificate (without
   * requiring one) and {@code tls_client_auth} accepts certificates that chain to one of the CA
   * certificates in this PEM file.
   */
  public IdentityConfig withClientCaCertificates(Path caCertificatesPem) {
    return with(
        signingAlgorithm,
        refreshTokenIdleTtl,
        refreshTokenMaxTtl,
        Objects.requireNonNull(caCertificatesPem, "caCertificatesPem"),
        browserSessionIdleTtl,
        browserSessionMaxTtl,
        trustedProxies);
  }

  /**
   * These settings trusting {@code X-Forwarded-For} from the reverse proxies with these certificate
   * names ({@code dns:NAME} or {@code uri:URI}); needs a client CA.
   */
  public IdentityConfig withTrustedProxies(List<String> proxies) {
    return with(
        signingAlgorithm,
        refreshTokenIdleTtl,
        refreshTokenMaxTtl,
        clientCaCertificates,
        browserSessionIdleTtl,
        browserSessionMaxTtl,
        proxies);
  }

  /** These settings with other single sign-on session lifetimes (idle, absolute). */
  public IdentityConfig withBrowserSessionTtls(Duration idle, Duration max) {
    return with(
        signingAlgorithm,
        refreshTokenIdleTtl,
        refreshTokenMaxTtl,
        clientCaCertificates,
        idle,
        max,
        trustedProxies);
  }

  private static void positive(Duration value, String name, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be positive and at most " + max);
    }
  }

  /** Defaults on loopback port 0 with the given certificate and key. */
  public static IdentityConfig defaults(Path tlsCertificate, Path tlsKey) {
    return new IdentityConfig(
        null,
        "127.0.0.1",
        0,
        tlsCertificate,
        tlsKey,
        DEFAULT_ACCESS_TOKEN_TTL,
        DEFAULT_ID_TOKEN_TTL,
        DEFAULT_CODE_TTL,
        DEFAULT_REFRESH_IDLE_TTL,
        DEFAULT_REFRESH_MAX_TTL,
        JWSAlgorithm.RS256,
        DEFAULT_ATTRIBUTE_CLAIMS);
  }

  /** A copy signing with {@code algorithm}. */
  public IdentityConfig withSigningAlgorithm(JWSAlgorithm algorithm) {
    return with(
        algorithm,
        refreshTokenIdleTtl,
        refreshTokenMaxTtl,
        clientCaCertificates,
        browserSessionIdleTtl,
        browserSessionMaxTtl,
        trustedProxies);
  }

  /** A copy with these refresh-token lifetimes. */
  public IdentityConfig withRefreshTtls(Duration idle, Duration max) {
    return with(
        signingAlgorithm,
        idle,
        max,
        clientCaCertificates,
        browserSessionIdleTtl,
        browserSessionMaxTtl,
        trustedProxies);
  }

  /** A copy differing in the settings the {@code with} methods change; checked again. */
  private IdentityConfig with(
      JWSAlgorithm algorithm,
      Duration refreshIdle,
      Duration refreshMax,
      Path clientCa,
      Duration browserIdle,
      Duration browserMax,
      List<String> proxies) {
    return new IdentityConfig(
        issuer,
        host,
        port,
        tlsCertificate,
        tlsKey,
        accessTokenTtl,
        idTokenTtl,
        authorizationCodeTtl,
        refreshIdle,
        refreshMax,
        algorithm,
        attributeClaims,
        clientCa,
        browserIdle,
        browserMax,
        proxies);
  }

  /** How long a replaced signing key stays published: the longest token lifetime plus skew. */
  public Duration keyRetention() {
    Duration longest = accessTokenTtl.compareTo(idTokenTtl) >= 0 ? accessTokenTtl : idTokenTtl;
    return longest.plus(CLOCK_SKEW);
  }
}
