package io.bulwark.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.gateway.auth.AuthFailure.Reason;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates JWT bearer access tokens from the configured issuers, for use on Netty event loops:
 * nothing here blocks. The token's unverified {@code iss} only picks which issuer's settings and
 * keys to verify it with; everything is then checked by {@link IssuerVerifier}.
 *
 * <p>A verified token is remembered (Caffeine, keyed by the SHA-256 of the token, bounded in size,
 * each entry dropped at the token's {@code exp}) so its signature is checked once; expiry and the
 * RFC 8705 certificate binding are still checked on every call. Revocation is not checked here (see
 * {@code io.bulwark.gateway.revocation}). Thread-safe; share one instance.
 */
public final class JwtAuthenticator {

  /** Default number of verified tokens remembered. */
  public static final int DEFAULT_CACHE_SIZE = 10_000;

  /** Default connect timeout of the HTTP client made by {@link #create(List)}. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);

  private final Map<String, IssuerVerifier> issuers;
  private final int maxTokenLength;
  private final Clock clock;
  private final Cache<ByteBuffer, Verified> verified;

  /**
   * An authenticator for {@code issuers} (distinct {@code issuer} values).
   *
   * @param http client used for discovery and JWK set fetches (its SSL context decides whom to
   *     trust)
   * @param cacheSize most verified tokens remembered; 0 turns the cache off
   */
  public JwtAuthenticator(
      List<IssuerSettings> issuers, HttpClient http, Clock clock, int cacheSize) {
    Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (issuers.isEmpty()) {
      throw new IllegalArgumentException("at least one issuer is required");
    }
    if (cacheSize < 0 || cacheSize > 10_000_000) {
      throw new IllegalArgumentException("cacheSize must be between 0 and 10000000");
    }
    Map<String, IssuerVerifier> byIssuer = new LinkedHashMap<>();
    int longest = 0;
    for (IssuerSettings settings : issuers) {
      if (byIssuer.put(settings.issuer(), new IssuerVerifier(settings, http, clock)) != null) {
        throw new IllegalArgumentException("issuer configured twice: " + settings.issuer());
      }
      longest = Math.max(longest, settings.maxTokenLength());
    }
    this.issuers = Map.copyOf(byIssuer);
    this.maxTokenLength = longest;
    this.verified =
        cacheSize == 0
            ? null
            : Caffeine.newBuilder()
                .executor(Runnable::run) // upkeep on the caller: no hand-off to the common pool
                .maximumSize(cacheSize)
                .expireAfter(new UntilExpiry())
                .<ByteBuffer, Verified>build();
  }

  /** An authenticator with a default HTTP client (JVM trust store, no redirects) and cache. */
  public static JwtAuthenticator create(List<IssuerSettings> issuers) {
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(DEFAULT_CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new JwtAuthenticator(issuers, http, Clock.systemUTC(), DEFAULT_CACHE_SIZE);
  }

  /**
   * Fetches every issuer's keys now, so the first requests need not wait. The stage completes when
   * all fetches ended, successful or not.
   */
  public CompletionStage<Void> prefetchKeys() {
    return CompletableFuture.allOf(
        issuers.values().stream()
            .map(v -> v.keys().refresh().toCompletableFuture())
            .toArray(CompletableFuture[]::new));
  }

  /**
   * Authenticates a compact JWT taken from {@code Authorization: Bearer}.
   *
   * @param token the compact token, or null when the request carried none
   * @param clientCertificate the verified TLS client certificate, or null
   * @return a stage completed at once unless the issuer's keys must be fetched; it never fails
   */
  public CompletionStage<AuthResult> authenticate(String token, X509Certificate clientCertificate) {
    if (token == null || token.isEmpty()) {
      return done(AuthResult.rejected(Reason.MISSING_CREDENTIALS));
    }
    if (token.length() > maxTokenLength) {
      return done(AuthResult.rejected(Reason.TOO_LARGE));
    }
    ByteBuffer key = verified == null ? null : ByteBuffer.wrap(sha256(token));
    Verified hit = verified == null ? null : verified.getIfPresent(key);
    if (hit != null) {
      if (hit.verifier.expired(hit.principal.expiresAt(), clock.instant())) {
        verified.invalidate(key);
        return done(AuthResult.rejected(Reason.EXPIRED));
      }
      return done(bind(hit.principal, hit.verifier.settings(), clientCertificate));
    }
    SignedJWT jwt;
    IssuerVerifier verifier;
    try {
      JWT parsed = JWTParser.parse(token);
      if (!(parsed instanceof SignedJWT signed)) {
        return done(AuthResult.rejected(Reason.NOT_SIGNED));
      }
      jwt = signed;
      verifier = issuers.get(jwt.getJWTClaimsSet().getIssuer());
    } catch (ParseException | RuntimeException e) {
      return done(AuthResult.rejected(Reason.MALFORMED));
    }
    if (verifier == null) {
      return done(AuthResult.rejected(Reason.UNKNOWN_ISSUER));
    }
    return verifier
        .verify(jwt, token.length())
        .thenApply(result -> {
          if (result instanceof AuthResult.Authenticated ok) {
            if (verified != null) {
              verified.put(key, new Verified(ok.principal(), verifier));
            }
            return bind(ok.principal(), verifier.settings(), clientCertificate);
          }
          return result;
        })
        .exceptionally(error -> {
          LOG.error("JWT authentication failed unexpectedly", error);
          return AuthResult.rejected(Reason.INTERNAL_ERROR);
        });
  }

  /**
   * RFC 8705 §3: a bound token is accepted only over a TLS connection with the same certificate.
   */
  private static AuthResult bind(
      AuthenticatedPrincipal principal, IssuerSettings settings, X509Certificate certificate) {
    String bound = principal.certificateThumbprint();
    if (bound == null) {
      return settings.requireCertificateBinding()
          ? AuthResult.rejected(Reason.CERTIFICATE_REQUIRED)
          : new AuthResult.Authenticated(principal);
    }
    if (certificate == null) {
      return AuthResult.rejected(Reason.CERTIFICATE_REQUIRED);
    }
    if (!CertificateThumbprint.matches(bound, CertificateThumbprint.of(certificate))) {
      return AuthResult.rejected(Reason.CERTIFICATE_MISMATCH);
    }
    return new AuthResult.Authenticated(principal);
  }

  /** How many verified tokens are remembered now (for metrics and tests). */
  public long cachedTokens() {
    if (verified == null) {
      return 0;
    }
    verified.cleanUp();
    return verified.estimatedSize();
  }

  /** One digest per thread: the provider look-up of {@code getInstance} costs more than hashing. */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(JwtAuthenticator::newSha256);

  private static byte[] sha256(String token) {
    return SHA_256.get().digest(token.getBytes(StandardCharsets.UTF_8)); // digest() resets it
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  private static CompletionStage<AuthResult> done(AuthResult result) {
    return CompletableFuture.completedFuture(result);
  }

  private record Verified(AuthenticatedPrincipal principal, IssuerVerifier verifier) {}

  /** Each entry lives until its token's {@code exp} (by the injected clock). */
  private final class UntilExpiry implements Expiry<ByteBuffer, Verified> {
    @Override
    public long expireAfterCreate(ByteBuffer key, Verified value, long currentTime) {
      Instant exp = value.principal.expiresAt();
      long nanos = Duration.between(clock.instant(), exp).toNanos();
      return Math.max(0, nanos);
    }

    @Override
    public long expireAfterUpdate(
        ByteBuffer key, Verified value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(
        ByteBuffer key, Verified value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
