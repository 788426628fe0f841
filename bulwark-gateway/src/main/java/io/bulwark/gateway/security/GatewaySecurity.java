package io.bulwark.gateway.security;

import io.bulwark.gateway.GatewayServer;
import io.bulwark.gateway.auth.ApiKeyAuthenticator;
import io.bulwark.gateway.auth.ApiKeyFile;
import io.bulwark.gateway.auth.ApiKeyRecord;
import io.bulwark.gateway.auth.IssuerSettings;
import io.bulwark.gateway.auth.JwtAuthenticator;
import io.bulwark.gateway.auth.MtlsAuthenticator;
import io.bulwark.gateway.auth.MtlsSettings;
import io.bulwark.gateway.chain.Phase;
import io.bulwark.gateway.ratelimit.ClusterRateLimitSettings;
import io.bulwark.gateway.ratelimit.ClusterRateLimiter;
import io.bulwark.gateway.ratelimit.LocalRateLimiter;
import io.bulwark.gateway.ratelimit.RateLimitPolicy;
import io.bulwark.gateway.ratelimit.RedisConnector;
import io.bulwark.gateway.revocation.RedisRevocationSubscriber;
import io.bulwark.gateway.revocation.RevocationFeedPoller;
import io.bulwark.gateway.revocation.RevocationFeedSettings;
import io.bulwark.gateway.revocation.RevocationList;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The gateway's authentication, revocation and rate-limit machinery built from {@link Settings}:
 * the authenticators, the revocation list with its feed poller and optional Redis subscriber, the
 * local and optional Redis-shared rate limiters. {@link #install} adds their stages to a gateway;
 * {@link #close} stops the background work. Thread-safe.
 */
public final class GatewaySecurity implements AutoCloseable {
  /** The default {@code WWW-Authenticate} realm. */
  public static final String DEFAULT_REALM = "bulwark";

  /**
   * What to build.
   *
   * @param issuers trusted JWT issuers; may be empty
   * @param apiKeys hashed API keys; may be empty
   * @param mtls SPIFFE client-certificate authentication, or {@code null}
   * @param revocationFeed the identity server's revocation feed, or {@code null}
   * @param redisUri Redis for shared rate limits and revocation events, or {@code null}
   * @param onRedisFailure what shared limits do while Redis is unreachable
   * @param realm the {@code WWW-Authenticate} realm
   * @param apiKeyFile the API key file ({@link ApiKeyFile}), or {@code null}; its keys are added to
   *     {@code apiKeys}
   */
  public record Settings(
      List<IssuerSettings> issuers,
      List<ApiKeyRecord> apiKeys,
      MtlsSettings mtls,
      RevocationFeedSettings revocationFeed,
      String redisUri,
      ClusterRateLimitSettings.FailureMode onRedisFailure,
      String realm,
      Path apiKeyFile) {
    /** Copies the lists and checks the realm. */
    public Settings {
      issuers = List.copyOf(issuers);
      apiKeys = List.copyOf(apiKeys);
      Objects.requireNonNull(onRedisFailure, "onRedisFailure");
      Objects.requireNonNull(realm, "realm");
    }

    /** Settings without an API key file. */
    public Settings(
        List<IssuerSettings> issuers,
        List<ApiKeyRecord> apiKeys,
        MtlsSettings mtls,
        RevocationFeedSettings revocationFeed,
        String redisUri,
        ClusterRateLimitSettings.FailureMode onRedisFailure,
        String realm) {
      this(issuers, apiKeys, mtls, revocationFeed, redisUri, onRedisFailure, realm, null);
    }

    /** Nothing configured: no authentication, local rate limits only. */
    public static Settings none() {
      return new Settings(
          List.of(),
          List.of(),
          null,
          null,
          null,
          ClusterRateLimitSettings.FailureMode.OPEN,
          DEFAULT_REALM);
    }

    /** Whether any way to authenticate is configured. */
    public boolean authenticates() {
      return !issuers.isEmpty() || !apiKeys.isEmpty() || apiKeyFile != null || mtls != null;
    }
  }

  private final Settings settings;
  private final Authenticators authenticators;
  private final RevocationList revocations;
  private final LocalRateLimiter local;
  private final RedisConnector redis;
  private final ClusterRateLimiter shared;
  private boolean backgroundStarted;
  private final ScheduledExecutorService scheduler;
  private final RevocationFeedPoller poller;
  private final RedisRevocationSubscriber subscriber;

  private GatewaySecurity(Settings settings, HttpClient http, Clock clock) {
    this.settings = settings;
    this.authenticators =
        settings.authenticates()
            ? new Authenticators(
                settings.issuers().isEmpty()
                    ? null
                    : new JwtAuthenticator(
                        settings.issuers(), http, clock, JwtAuthenticator.DEFAULT_CACHE_SIZE),
                settings.apiKeys().isEmpty() && settings.apiKeyFile() == null
                    ? null
                    : apiKeys(settings, clock),
                settings.mtls() == null ? null : new MtlsAuthenticator(settings.mtls(), clock))
            : null;
    this.revocations = new RevocationList(RevocationList.DEFAULT_CAPACITY, clock);
    this.local = new LocalRateLimiter(LocalRateLimiter.DEFAULT_MAX_BUCKETS);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "bulwark-gateway-security");
          t.setDaemon(true);
          return t;
        });
    this.redis =
        settings.redisUri() == null
            ? null
            : RedisConnector.create(settings.redisUri(), RedisConnector.DEFAULT_COMMAND_TIMEOUT);
    this.shared =
        redis == null
            ? null
            : new ClusterRateLimiter(redis, ClusterRateLimitSettings.of(settings.onRedisFailure()));
    this.poller =
        settings.revocationFeed() == null
            ? null
            : new RevocationFeedPoller(settings.revocationFeed(), revocations, http, scheduler);
    this.subscriber =
        redis == null || authenticators == null
            ? null
            : new RedisRevocationSubscriber(
                redis, revocations, poller == null ? () -> {} : poller::pollNow, scheduler);
  }

  /**
   * The configured keys plus those of the key file, with the file's per-key limits.
   *
   * @throws IllegalArgumentException listing every error of an invalid key file
   */
  private static ApiKeyAuthenticator apiKeys(Settings settings, Clock clock) {
    ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(settings.apiKeys(), clock);
    if (settings.apiKeyFile() != null) {
      try {
        replaceApiKeys(authenticator, settings.apiKeys(), ApiKeyFile.read(settings.apiKeyFile()));
      } catch (ApiKeyFile.InvalidApiKeyFileException e) {
        throw new IllegalArgumentException("invalid API key file: " + e.getMessage(), e);
      }
    }
    return authenticator;
  }

  /**
   * Replaces the keys of {@code authenticator} with {@code configured} plus {@code fromFile} and
   * the file's per-key limits.
   *
   * @throws IllegalArgumentException if a key id is in both
   */
  public static void replaceApiKeys(
      ApiKeyAuthenticator authenticator,
      List<ApiKeyRecord> configured,
      List<ApiKeyFile.Entry> fromFile) {
    List<ApiKeyRecord> records = new java.util.ArrayList<>(configured);
    Map<String, RateLimitPolicy> limits = new HashMap<>();
    for (ApiKeyFile.Entry entry : fromFile) {
      records.add(entry.record());
      if (entry.rateLimit() != null) {
        limits.put(entry.record().id(), entry.rateLimit());
      }
    }
    authenticator.replaceKeys(records, limits);
  }

  /**
   * Builds everything and starts the background work: JWKS prefetch, revocation feed polling, Redis
   * connection and subscription. None of it has to succeed at once (each retries on its own).
   *
   * @param http client for JWKS, discovery and the revocation feed (its TLS trust applies)
   */
  public static GatewaySecurity start(Settings settings, HttpClient http, Clock clock) {
    GatewaySecurity security = prepare(settings, http, clock);
    security.startBackgroundWork();
    return security;
  }

  /**
   * Builds everything but starts no background work: for a gateway starting beside its issuer,
   * whose keys and revocation feed are not reachable yet. Call {@link #startBackgroundWork} once
   * they are; until then a token's key is fetched on first use.
   */
  public static GatewaySecurity prepare(Settings settings, HttpClient http, Clock clock) {
    return new GatewaySecurity(settings, http, clock);
  }

  /**
   * Starts the background work, once: JWKS prefetch, revocation feed polling, Redis connection and
   * subscription. None of it has to succeed at once (each retries on its own).
   */
  public synchronized void startBackgroundWork() {
    if (backgroundStarted) {
      return;
    }
    backgroundStarted = true;
    if (authenticators != null && authenticators.jwt() != null) {
      authenticators.jwt().prefetchKeys();
    }
    if (poller != null) {
      poller.start();
    }
    if (shared != null) {
      shared.start();
    }
    if (subscriber != null) {
      subscriber.start();
    }
  }

  /**
   * Adds the stages: authentication and revocation (when any authentication is configured) and rate
   * limiting, each per route as the route's {@code auth} and {@code rateLimit} say.
   */
  public GatewayServer.Builder install(GatewayServer.Builder builder) {
    if (authenticators != null) {
      builder.stage(
          Phase.AUTHENTICATION, AuthenticationStage.factory(authenticators, settings.realm()));
      builder.stage(Phase.REVOCATION, RevocationStage.factory(revocations, settings.realm()));
    }
    return builder.stage(
        Phase.RATE_LIMIT,
        RateLimitStage.factory(
            local, shared, authenticators == null ? null : authenticators.apiKeys()));
  }

  /** The revocation list the stages consult. */
  public RevocationList revocations() {
    return revocations;
  }

  /** The authenticators, or {@code null} when no authentication is configured. */
  public Authenticators authenticators() {
    return authenticators;
  }

  @Override
  public void close() {
    if (subscriber != null) {
      subscriber.close();
    }
    if (poller != null) {
      poller.close();
    }
    if (shared != null) {
      shared.close();
    }
    if (redis != null) {
      redis.close();
    }
    scheduler.shutdownNow();
  }
}
