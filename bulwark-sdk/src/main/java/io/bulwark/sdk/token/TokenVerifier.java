package io.bulwark.sdk.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.bulwark.sdk.token.InvalidTokenException.Reason;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.UnknownHostException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;

/**
 * Verifies JWT access tokens (RFC 9068) the way a resource server must: a JWS signed with an
 * allowed asymmetric algorithm by a key from the issuer's JWK set, header {@code typ} {@code
 * at+jwt}, exact {@code iss}, {@code aud} containing this service, {@code exp} present and not
 * past, {@code nbf}/{@code iat} not in the future (each within the clock skew) and a {@code sub}.
 * Parsing and signature checks are Nimbus's {@link DefaultJWTProcessor}; this class only chooses
 * safe settings and turns failures into short {@link InvalidTokenException.Reason}s.
 *
 * <p>Thread-safe; build one per service and share it.
 *
 * <pre>{@code
 * TokenVerifier verifier = TokenVerifier.builder()
 *     .issuer("https://id.example")
 *     .audience("orders")
 *     .jwkSetUri(URI.create("https://id.example/jwks"))
 *     .build();
 * VerifiedToken caller = verifier.verify(compactJwt);
 * }</pre>
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc9068#section-4">RFC 9068 §4</a>
 */
public final class TokenVerifier {

  /** Longest compact JWT accepted, in characters; longer input is rejected before parsing. */
  public static final int MAX_TOKEN_LENGTH = 8 * 1024;

  /** Algorithms accepted unless {@link Builder#allowedAlgorithms} says otherwise. */
  public static final Set<JWSAlgorithm> DEFAULT_ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);

  /** Clock skew allowed unless {@link Builder#maxClockSkew} says otherwise. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

  /** Largest clock skew a builder accepts. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private static final Set<String> ACCESS_TOKEN_TYPES = Set.of("at+jwt", "application/at+jwt");
  private static final Set<String> GENERIC_JWT_TYPES = Set.of("jwt", "application/jwt");

  private final Set<JWSAlgorithm> allowedAlgorithms;
  private final Set<String> acceptedTypes;
  private final DefaultJWTProcessor<SecurityContext> processor;

  private TokenVerifier(Builder b) {
    this.allowedAlgorithms = Set.copyOf(b.allowedAlgorithms);
    this.acceptedTypes =
        b.acceptJwtType ? union(ACCESS_TOKEN_TYPES, GENERIC_JWT_TYPES) : ACCESS_TOKEN_TYPES;
    var jwtProcessor = new DefaultJWTProcessor<>();
    jwtProcessor.setJWSTypeVerifier((type, context) -> {
      if (!typeAccepted(type)) {
        throw new BadJOSEException("typ not accepted");
      }
    });
    jwtProcessor.setJWSKeySelector(new JwkKeySelector(b.jwkSource, allowedAlgorithms));
    jwtProcessor.setJWSVerifierFactory(new VerifierFactory());
    jwtProcessor.setJWTClaimsSetVerifier(
        new AccessTokenClaimsVerifier(b.issuer, b.audience, b.maxClockSkew, b.clock));
    this.processor = jwtProcessor;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies a compact-serialized JWT access token.
   *
   * @throws InvalidTokenException with a caller-safe reason when the token must not be trusted
   */
  public VerifiedToken verify(String compactJwt) throws InvalidTokenException {
    if (compactJwt == null || compactJwt.isEmpty() || compactJwt.length() > MAX_TOKEN_LENGTH) {
      throw new InvalidTokenException(Reason.MALFORMED);
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(compactJwt);
    } catch (ParseException e) {
      throw new InvalidTokenException(Reason.MALFORMED);
    }
    if (!(jwt instanceof SignedJWT signed)) {
      throw new InvalidTokenException(Reason.NOT_SIGNED);
    }
    JWSHeader header = signed.getHeader();
    if (!allowedAlgorithms.contains(header.getAlgorithm())) {
      throw new InvalidTokenException(Reason.ALGORITHM_NOT_ACCEPTED);
    }
    if (!typeAccepted(header.getType())) {
      throw new InvalidTokenException(Reason.TYPE_NOT_ACCEPTED);
    }
    try {
      JWTClaimsSet claims = processor.process(signed, null);
      return VerifiedToken.from(claims);
    } catch (ClaimsRejectedException e) {
      throw new InvalidTokenException(e.reason());
    } catch (BadJWSException e) {
      throw new InvalidTokenException(Reason.SIGNATURE_INVALID);
    } catch (BadJWTException | ParseException e) {
      throw new InvalidTokenException(Reason.INVALID_CLAIMS);
    } catch (BadJOSEException e) {
      // Algorithm and type were checked above, so the key selector found no key.
      throw new InvalidTokenException(Reason.UNKNOWN_KEY);
    } catch (KeySourceException e) {
      throw new InvalidTokenException(Reason.KEYS_UNAVAILABLE);
    } catch (JOSEException e) {
      throw new InvalidTokenException(Reason.SIGNATURE_INVALID);
    }
  }

  private boolean typeAccepted(JOSEObjectType type) {
    return type != null && acceptedTypes.contains(type.getType().toLowerCase(Locale.ROOT));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    var all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  /**
   * Settings for a {@link TokenVerifier}. Required: {@link #issuer}, {@link #audience} and one key
   * source ({@link #jwkSource}, {@link #jwkSetUri} or {@link #jwkSet}).
   */
  public static final class Builder {
    /** Connect and read timeout for each JWK set fetch. */
    public static final Duration JWKS_HTTP_TIMEOUT = Duration.ofSeconds(3);

    /** Largest JWK set document accepted, in bytes. */
    public static final int JWKS_SIZE_LIMIT = 64 * 1024;

    /** How long a fetched JWK set is used before it is fetched again. */
    public static final Duration JWKS_CACHE_TTL = Duration.ofMinutes(5);

    /** Least time between two JWK set fetches (unknown {@code kid}s can't cause more). */
    public static final Duration JWKS_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

    /** How long the last good JWK set is still used while the issuer is unreachable. */
    public static final Duration JWKS_OUTAGE_TOLERANCE = Duration.ofHours(1);

    private String issuer;
    private String audience;
    private JWKSource<SecurityContext> jwkSource;
    private Set<JWSAlgorithm> allowedAlgorithms = DEFAULT_ALGORITHMS;
    private Duration maxClockSkew = DEFAULT_CLOCK_SKEW;
    private Clock clock = Clock.systemUTC();
    private boolean acceptJwtType;

    private Builder() {}

    /** The exact {@code iss} value tokens must carry. */
    public Builder issuer(String issuer) {
      this.issuer = requireText(issuer, "issuer");
      return this;
    }

    /** This service's audience; a token's {@code aud} must contain it. */
    public Builder audience(String audience) {
      this.audience = requireText(audience, "audience");
      return this;
    }

    /** Any Nimbus key source (for example one shared with other verifiers). */
    public Builder jwkSource(JWKSource<SecurityContext> jwkSource) {
      this.jwkSource = Objects.requireNonNull(jwkSource, "jwkSource");
      return this;
    }

    /** A fixed, local key set; only its public keys are used. */
    public Builder jwkSet(JWKSet jwkSet) {
      return jwkSource(new ImmutableJWKSet<>(jwkSet.toPublicJWKSet()));
    }

    /**
     * The issuer's JWK set URL, fetched with the JVM's default TLS trust. See {@link
     * #jwkSetUri(URI, SSLSocketFactory)}.
     */
    public Builder jwkSetUri(URI jwkSetUri) {
      return jwkSetUri(jwkSetUri, null);
    }

    /**
     * The issuer's JWK set URL, fetched over TLS with {@code sslSocketFactory} (or the JVM default
     * when {@code null}). Plain {@code http} is accepted only for loopback hosts. Fetches have
     * {@link #JWKS_HTTP_TIMEOUT} timeouts and a {@link #JWKS_SIZE_LIMIT}; the set is cached for
     * {@link #JWKS_CACHE_TTL} and refreshed ahead of expiry; an unknown {@code kid} triggers a
     * refetch (that is how key rotation is picked up) at most once per {@link
     * #JWKS_MIN_REFRESH_INTERVAL}; the last good set survives issuer outages for {@link
     * #JWKS_OUTAGE_TOLERANCE}.
     */
    public Builder jwkSetUri(URI jwkSetUri, SSLSocketFactory sslSocketFactory) {
      Objects.requireNonNull(jwkSetUri, "jwkSetUri");
      String scheme = String.valueOf(jwkSetUri.getScheme()).toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(jwkSetUri))) {
        throw new IllegalArgumentException("JWK set URI must be https (http only on loopback)");
      }
      int timeoutMillis = (int) JWKS_HTTP_TIMEOUT.toMillis();
      var retriever =
          new DefaultResourceRetriever(
              timeoutMillis, timeoutMillis, JWKS_SIZE_LIMIT, true, sslSocketFactory);
      try {
        return jwkSource(
            JWKSourceBuilder.<SecurityContext>create(jwkSetUri.toURL(), retriever)
                .cache(JWKS_CACHE_TTL.toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                .refreshAheadCache(true)
                .rateLimited(JWKS_MIN_REFRESH_INTERVAL.toMillis())
                .retrying(true)
                .outageTolerant(JWKS_OUTAGE_TOLERANCE.toMillis())
                .build());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("JWK set URI is not a URL", e);
      }
    }

    /**
     * The signature algorithms accepted (default {@link #DEFAULT_ALGORITHMS}). Only asymmetric
     * ones: RSA ({@code RS*}, {@code PS*}), EC ({@code ES*}) and Ed25519 ({@code EdDSA}, {@code
     * Ed25519}); {@code none} and HMAC ({@code HS*}) are refused, since a public key must never be
     * usable as a shared secret.
     */
    public Builder allowedAlgorithms(Set<JWSAlgorithm> algorithms) {
      if (algorithms == null || algorithms.isEmpty()) {
        throw new IllegalArgumentException("at least one algorithm must be allowed");
      }
      for (JWSAlgorithm alg : algorithms) {
        boolean asymmetric =
            JWSAlgorithm.Family.RSA.contains(alg)
                || JWSAlgorithm.Family.EC.contains(alg)
                || VerifierFactory.isEd25519(alg);
        if (!asymmetric) {
          throw new IllegalArgumentException("algorithm not allowed for access tokens: " + alg);
        }
      }
      this.allowedAlgorithms = Set.copyOf(algorithms);
      return this;
    }

    /** Tolerance for {@code exp}, {@code nbf} and {@code iat}; 0 to 5 minutes, default 30 s. */
    public Builder maxClockSkew(Duration skew) {
      if (skew == null || skew.isNegative() || skew.compareTo(MAX_CLOCK_SKEW) > 0) {
        throw new IllegalArgumentException("clock skew must be between 0 and " + MAX_CLOCK_SKEW);
      }
      this.maxClockSkew = skew;
      return this;
    }

    /** The time source for expiry checks (default the system UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Whether tokens typed {@code JWT} are accepted besides {@code at+jwt} (default false). Turn on
     * only for issuers that predate RFC 9068; a missing {@code typ} is never accepted.
     */
    public Builder acceptJwtType(boolean accept) {
      this.acceptJwtType = accept;
      return this;
    }

    public TokenVerifier build() {
      if (issuer == null || audience == null || jwkSource == null) {
        throw new IllegalStateException("issuer, audience and a JWK source are required");
      }
      return new TokenVerifier(this);
    }

    private static String requireText(String value, String name) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }

    private static boolean isLoopback(URI uri) {
      String host = uri.getHost();
      if (host == null) {
        return false;
      }
      if (host.equalsIgnoreCase("localhost")) {
        return true;
      }
      String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      boolean ipLiteral = literal.matches("[0-9.]+") || literal.contains(":");
      try {
        return ipLiteral && InetAddress.getByName(literal).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
  }
}
