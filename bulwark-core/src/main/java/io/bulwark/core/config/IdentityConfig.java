package io.bulwark.core.config;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The {@code identity} section: the OAuth 2.1 / OpenID Connect server that {@code bulwark up} runs
 * over HTTPS, and the lifetimes of what it issues.
 *
 * @param host host name or IP address the identity server binds to
 * @param port TCP port, 0 to 65535; 0 picks a free port
 * @param issuer the issuer URL ({@code iss}); empty means {@code https://localhost:<port>}
 * @param signingAlgorithm {@code RS256}, {@code ES256} or {@code EdDSA}
 * @param accessTokenTtl lifetime of access tokens
 * @param idTokenTtl lifetime of ID tokens
 * @param authorizationCodeTtl lifetime of authorization codes
 * @param refreshTokenIdleTtl a refresh token unused this long expires
 * @param refreshTokenMaxTtl no refresh token of a sign-in lives longer than this
 */
public record IdentityConfig(
    String host,
    int port,
    Optional<URI> issuer,
    String signingAlgorithm,
    Duration accessTokenTtl,
    Duration idTokenTtl,
    Duration authorizationCodeTtl,
    Duration refreshTokenIdleTtl,
    Duration refreshTokenMaxTtl) {
  /** Default {@code identity.host}: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Default {@code identity.port}. */
  public static final int DEFAULT_PORT = 9443;

  /** Default {@code identity.signingAlgorithm}. */
  public static final String DEFAULT_SIGNING_ALGORITHM = "RS256";

  /** Accepted {@code identity.signingAlgorithm} values. */
  public static final List<String> SIGNING_ALGORITHMS = List.of("RS256", "ES256", "EdDSA");

  /** Default {@code identity.accessTokenTtl}. */
  public static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofMinutes(5);

  /** Default {@code identity.idTokenTtl}. */
  public static final Duration DEFAULT_ID_TOKEN_TTL = Duration.ofMinutes(5);

  /** Default {@code identity.authorizationCodeTtl}. */
  public static final Duration DEFAULT_AUTHORIZATION_CODE_TTL = Duration.ofSeconds(60);

  /** Default {@code identity.refreshTokenIdleTtl}. */
  public static final Duration DEFAULT_REFRESH_TOKEN_IDLE_TTL = Duration.ofDays(1);

  /** Default {@code identity.refreshTokenMaxTtl}. */
  public static final Duration DEFAULT_REFRESH_TOKEN_MAX_TTL = Duration.ofDays(14);

  /**
   * Validates the values.
   *
   * @throws ConfigValueException naming the key when a value is missing or out of range
   */
  public IdentityConfig {
    Checks.host("identity.host", host);
    Checks.port("identity.port", port);
    Checks.present("identity.issuer", issuer);
    issuer.ifPresent(IdentityConfig::checkIssuer);
    Checks.oneOf("identity.signingAlgorithm", signingAlgorithm, SIGNING_ALGORITHMS);
    ttl("identity.accessTokenTtl", accessTokenTtl, Duration.ofHours(24));
    ttl("identity.idTokenTtl", idTokenTtl, Duration.ofHours(24));
    ttl("identity.authorizationCodeTtl", authorizationCodeTtl, Duration.ofMinutes(10));
    ttl("identity.refreshTokenIdleTtl", refreshTokenIdleTtl, Duration.ofDays(365));
    ttl("identity.refreshTokenMaxTtl", refreshTokenMaxTtl, Duration.ofDays(365));
    if (refreshTokenIdleTtl.compareTo(refreshTokenMaxTtl) > 0) {
      throw new ConfigValueException(
          "identity.refreshTokenIdleTtl", "must not be longer than identity.refreshTokenMaxTtl");
    }
  }

  /** The documented defaults. */
  public static IdentityConfig defaults() {
    return new IdentityConfig(
        DEFAULT_HOST,
        DEFAULT_PORT,
        Optional.empty(),
        DEFAULT_SIGNING_ALGORITHM,
        DEFAULT_ACCESS_TOKEN_TTL,
        DEFAULT_ID_TOKEN_TTL,
        DEFAULT_AUTHORIZATION_CODE_TTL,
        DEFAULT_REFRESH_TOKEN_IDLE_TTL,
        DEFAULT_REFRESH_TOKEN_MAX_TTL);
  }

  /**
   * The issuer: {@link #issuer()} if set, otherwise {@code https://localhost:<boundPort>} (the name
   * the local CA's certificate carries).
   */
  public URI resolveIssuer(int boundPort) {
    return issuer.orElseGet(() -> URI.create("https://localhost:" + boundPort));
  }

  /** Parses an ISO-8601 duration such as {@code PT5M} for {@code path}. */
  static Duration duration(String path, String value) {
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new ConfigValueException(path, "must be an ISO-8601 duration such as PT5M or P1D");
    }
  }

  private static void checkIssuer(URI issuer) {
    if (!"https".equalsIgnoreCase(issuer.getScheme())
        || issuer.getHost() == null
        || issuer.getQuery() != null
        || issuer.getFragment() != null) {
      throw new ConfigValueException(
          "identity.issuer", "must be an https URL without query or fragment");
    }
  }

  private static void ttl(String path, Duration value, Duration max) {
    Checks.present(path, value);
    if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
      throw new ConfigValueException(path, "must be positive and at most " + max);
    }
  }
}
