package io.bulwark.core.config;

import io.bulwark.core.log.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code gateway} section: where the gateway listens, its route table, the upstream clusters
 * routes point at, timeouts and limits. The gateway module turns it into its own runtime config;
 * see {@code docs/gateway.md}.
 *
 * @param listeners listeners; names unique
 * @param routes routes in match order; ids unique, each naming a configured cluster
 * @param clusters upstream clusters; names unique
 * @param trustedProxies addresses or CIDR blocks whose {@code X-Forwarded-*} headers are kept
 * @param timeouts timeouts
 * @param limits request size limits
 * @param auth how callers authenticate
 * @param revocation the revocation feed
 * @param redis Redis for shared rate limits and revocation events
 */
public record GatewayConfig(
    List<Listener> listeners,
    List<Route> routes,
    List<Cluster> clusters,
    List<String> trustedProxies,
    Timeouts timeouts,
    Limits limits,
    Auth auth,
    Revocation revocation,
    Redis redis) {

  /** The default listener: HTTPS on loopback port 8443. */
  public static final Listener DEFAULT_LISTENER = new Listener("https", "127.0.0.1", 8443, true);

  /**
   * Copies the lists and checks names and references.
   *
   * @throws ConfigValueException naming the key of a duplicate name, an unknown cluster or a
   *     circuit breaker whose minimum exceeds its window
   */
  public GatewayConfig {
    listeners = List.copyOf(Checks.present("gateway.listeners", listeners));
    routes = List.copyOf(Checks.present("gateway.routes", routes));
    clusters = List.copyOf(Checks.present("gateway.clusters", clusters));
    trustedProxies = List.copyOf(Checks.present("gateway.trustedProxies", trustedProxies));
    Checks.present("gateway.timeouts", timeouts);
    Checks.present("gateway.limits", limits);
    Checks.present("gateway.auth", auth);
    Checks.present("gateway.revocation", revocation);
    Checks.present("gateway.redis", redis);
    unique("gateway.listeners", listeners.stream().map(Listener::name).toList());
    unique("gateway.routes", routes.stream().map(Route::id).toList());
    Set<String> names = unique("gateway.clusters", clusters.stream().map(Cluster::name).toList());
    for (int i = 0; i < clusters.size(); i++) {
      CircuitBreaker cb = clusters.get(i).circuitBreaker();
      if (cb.minimumNumberOfCalls() > cb.slidingWindowSize()) {
        throw new ConfigValueException(
            "gateway.clusters[" + i + "].circuitBreaker.minimumNumberOfCalls",
            "must not exceed slidingWindowSize (" + cb.slidingWindowSize() + ")");
      }
    }
    for (int i = 0; i < routes.size(); i++) {
      if (!names.contains(routes.get(i).cluster())) {
        throw new ConfigValueException(
            "gateway.routes[" + i + "].cluster",
            "names no cluster in gateway.clusters: " + routes.get(i).cluster());
      }
      if (routes.get(i).rateLimit().filter(RateLimit::shared).isPresent()
          && redis.url().isEmpty()) {
        throw new ConfigValueException(
            "gateway.routes[" + i + "].rateLimit.shared", "needs gateway.redis.url");
      }
    }
  }

  /** The documented defaults: one HTTPS listener, no routes, no clusters. */
  public static GatewayConfig defaults() {
    return new GatewayConfig(
        List.of(DEFAULT_LISTENER),
        List.of(),
        List.of(),
        List.of(),
        Timeouts.defaults(),
        Limits.defaults(),
        Auth.defaults(),
        Revocation.defaults(),
        Redis.defaults());
  }

  private static Set<String> unique(String path, List<String> names) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      if (!seen.add(names.get(i))) {
        throw new ConfigValueException(path + "[" + i + "]", "repeats the name " + names.get(i));
      }
    }
    return seen;
  }

  /**
   * One listener.
   *
   * @param name unique name
   * @param host address to bind
   * @param port TCP port, 0 for any free port
   * @param tls whether it serves HTTPS with the {@code tls} section's certificate
   */
  public record Listener(String name, String host, int port, boolean tls) {
    /** Checks host and port. */
    public Listener {
      Objects.requireNonNull(name, "name");
      Checks.host("gateway.listeners.host", host);
      Checks.port("gateway.listeners.port", port);
    }
  }

  /**
   * One route.
   *
   * @param id unique id
   * @param host host to match, or empty for any
   * @param path path to match
   * @param match {@code exact}, {@code prefix} or {@code template}
   * @param methods methods matched; empty for any
   * @param headers required header values
   * @param cluster the upstream cluster's name
   * @param resource the policy binding, if the route is authorized by policy
   * @param auth {@code required}, {@code optional} or {@code anonymous}
   * @param rateLimit the route's rate limit, if any
   */
  public record Route(
      String id,
      Optional<String> host,
      String path,
      String match,
      List<String> methods,
      Map<String, String> headers,
      String cluster,
      Optional<Resource> resource,
      String auth,
      Optional<RateLimit> rateLimit) {
    /** Default {@code auth}. */
    public static final String DEFAULT_AUTH = "required";

    /** Copies collections and checks {@code auth}. */
    public Route {
      methods = List.copyOf(methods);
      headers = Map.copyOf(headers);
      Checks.oneOf("gateway.routes.auth", auth, List.of("required", "optional", "anonymous"));
      Checks.present("gateway.routes.rateLimit", rateLimit);
    }
  }

  /**
   * A route's rate limit.
   *
   * @param requests requests per period (also the burst)
   * @param period refill period
   * @param keys bucket key parts: {@code client}, {@code user}, {@code api_key}, {@code source_ip},
   *     {@code route}
   * @param shared whether the buckets are shared through Redis
   */
  public record RateLimit(long requests, Duration period, List<String> keys, boolean shared) {
    /** Default {@code keys}. */
    public static final List<String> DEFAULT_KEYS = List.of("client");

    /** Copies the keys. */
    public RateLimit {
      keys = List.copyOf(keys);
    }
  }

  /**
   * How callers authenticate.
   *
   * @param realm the {@code WWW-Authenticate} realm
   * @param issuers trusted JWT issuers
   * @param apiKeys hashed API keys
   * @param apiKeyFile a file of hashed API keys with per-key limits, watched, if any
   * @param mtls client-certificate authentication
   */
  public record Auth(
      String realm,
      List<Issuer> issuers,
      List<ApiKey> apiKeys,
      Optional<Path> apiKeyFile,
      Mtls mtls) {
    /** Copies the lists. */
    public Auth {
      Checks.nonBlank("gateway.auth.realm", realm);
      issuers = List.copyOf(issuers);
      apiKeys = List.copyOf(apiKeys);
      Checks.present("gateway.auth.apiKeyFile", apiKeyFile);
      Checks.present("gateway.auth.mtls", mtls);
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < issuers.size(); i++) {
        if (!seen.add(issuers.get(i).issuer())) {
          throw new ConfigValueException(
              "gateway.auth.issuers[" + i + "].issuer", "repeats an issuer");
        }
      }
      unique("gateway.auth.apiKeys", apiKeys.stream().map(ApiKey::id).toList());
    }

    /** No authentication configured. */
    public static Auth defaults() {
      return new Auth(
          "bulwark", List.of(), List.of(), Optional.empty(), new Mtls(List.of(), Optional.empty()));
    }
  }

  /**
   * A trusted JWT issuer.
   *
   * @param issuer the {@code iss} value
   * @param jwksUri the JWK set URL, or empty for discovery
   * @param algorithms accepted algorithms
   * @param audiences accepted audiences
   * @param requiredType required {@code typ}, if any
   * @param clockSkew tolerated clock difference
   * @param requireCertificateBinding whether tokens must be bound to the client certificate
   */
  public record Issuer(
      String issuer,
      Optional<URI> jwksUri,
      List<String> algorithms,
      List<String> audiences,
      Optional<String> requiredType,
      Duration clockSkew,
      boolean requireCertificateBinding) {
    /** Default {@code algorithms}. */
    public static final List<String> DEFAULT_ALGORITHMS = List.of("RS256");

    /** Default {@code clockSkewSeconds}. */
    public static final int DEFAULT_CLOCK_SKEW_SECONDS = 30;

    /** Copies the lists. */
    public Issuer {
      algorithms = List.copyOf(algorithms);
      audiences = List.copyOf(audiences);
    }
  }

  /**
   * An API key, hashed.
   *
   * @param id the key id
   * @param sha256 hex SHA-256 of the whole key
   * @param owner the principal it acts as
   * @param scopes granted scopes
   * @param expiresAt when it stops working, if ever
   */
  public record ApiKey(
      String id, String sha256, String owner, List<String> scopes, Optional<Instant> expiresAt) {
    /** Copies the scopes. */
    public ApiKey {
      scopes = List.copyOf(scopes);
    }
  }

  /**
   * Client-certificate (SPIFFE) authentication.
   *
   * @param trustDomains accepted trust domains; empty disables it
   * @param caFile CA certificates client chains must lead to, if not the listener's
   */
  public record Mtls(List<String> trustDomains, Optional<Path> caFile) {
    /** Copies the domains. */
    public Mtls {
      trustDomains = List.copyOf(trustDomains);
    }
  }

  /**
   * The identity server's revocation feed.
   *
   * @param issuer its base URL, or empty for no feed
   * @param clientId the gateway's client id there
   * @param clientSecret its secret
   */
  public record Revocation(
      Optional<URI> issuer, Optional<String> clientId, Optional<Secret> clientSecret) {
    /** Checks that a feed comes with client credentials. */
    public Revocation {
      if (issuer.isPresent() && (clientId.isEmpty() || clientSecret.isEmpty())) {
        throw new ConfigValueException(
            "gateway.revocation", "issuer needs clientId and clientSecret");
      }
    }

    /** No feed. */
    public static Revocation defaults() {
      return new Revocation(Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  /**
   * Redis for the gateway.
   *
   * @param url its URL, or empty for none
   * @param onFailure {@code open} or {@code closed}
   */
  public record Redis(Optional<String> url, String onFailure) {
    /** Checks {@code onFailure}. */
    public Redis {
      Checks.oneOf("gateway.redis.onFailure", onFailure, List.of("open", "closed"));
    }

    /** No Redis, failing open. */
    public static Redis defaults() {
      return new Redis(Optional.empty(), "open");
    }
  }

  /**
   * The policy resource of a route.
   *
   * @param kind resource kind
   * @param idParam path parameter holding the id, if any
   * @param action action, or empty for the lower-case method
   */
  public record Resource(String kind, Optional<String> idParam, Optional<String> action) {}

  /**
   * One upstream cluster.
   *
   * @param name unique name
   * @param endpoints {@code host:port} endpoints
   * @param balancing {@code round_robin} or {@code least_request}
   * @param maxConnectionsPerEndpoint connection bound per endpoint and event loop
   * @param tls upstream TLS, or empty for plain HTTP
   * @param healthCheck active health check, or empty
   * @param circuitBreaker when the cluster's circuit opens
   * @param retry which failed requests are sent again
   * @param bulkhead the bound on requests in flight to the cluster
   */
  public record Cluster(
      String name,
      List<String> endpoints,
      String balancing,
      int maxConnectionsPerEndpoint,
      Optional<UpstreamTls> tls,
      Optional<HealthCheck> healthCheck,
      CircuitBreaker circuitBreaker,
      Retry retry,
      Bulkhead bulkhead) {
    /** Default {@code balancing}. */
    public static final String DEFAULT_BALANCING = "round_robin";

    /** Default {@code maxConnectionsPerEndpoint}. */
    public static final int DEFAULT_MAX_CONNECTIONS = 64;

    /** Copies the endpoints. */
    public Cluster {
      endpoints = List.copyOf(endpoints);
      Checks.present("gateway.clusters.circuitBreaker", circuitBreaker);
      Checks.present("gateway.clusters.retry", retry);
      Checks.present("gateway.clusters.bulkhead", bulkhead);
    }

    /** A cluster with the default circuit breaker, retry and bulkhead. */
    public Cluster(
        String name,
        List<String> endpoints,
        String balancing,
        int maxConnectionsPerEndpoint,
        Optional<UpstreamTls> tls,
        Optional<HealthCheck> healthCheck) {
      this(
          name,
          endpoints,
          balancing,
          maxConnectionsPerEndpoint,
          tls,
          healthCheck,
          CircuitBreaker.defaults(),
          Retry.defaults(),
          Bulkhead.defaults());
    }
  }

  /**
   * A cluster's circuit breaker (count-based): over the last {@code slidingWindowSize} calls, once
   * {@code minimumNumberOfCalls} were made, it opens when {@code failureRateThreshold} percent
   * failed or {@code slowCallRateThreshold} percent were slower than {@code slowCallDuration};
   * open, it refuses for {@code waitInOpenState}, then {@code permittedCallsInHalfOpenState} probes
   * decide.
   *
   * @param failureRateThreshold percent of failures that opens it
   * @param slowCallDuration a call slower than this is slow
   * @param slowCallRateThreshold percent of slow calls that opens it
   * @param minimumNumberOfCalls calls before the rates count; at most {@code slidingWindowSize}
   * @param slidingWindowSize calls the rates are taken over
   * @param waitInOpenState how long it stays open
   * @param permittedCallsInHalfOpenState probes after the wait
   */
  public record CircuitBreaker(
      int failureRateThreshold,
      Duration slowCallDuration,
      int slowCallRateThreshold,
      int minimumNumberOfCalls,
      int slidingWindowSize,
      Duration waitInOpenState,
      int permittedCallsInHalfOpenState) {
    /** Default {@code failureRateThreshold}. */
    public static final int DEFAULT_FAILURE_RATE_THRESHOLD = 50;

    /** Default {@code slowCallDurationMs}. */
    public static final int DEFAULT_SLOW_CALL_DURATION_MS = 60_000;

    /** Default {@code slowCallRateThreshold}. */
    public static final int DEFAULT_SLOW_CALL_RATE_THRESHOLD = 100;

    /** Default {@code minimumNumberOfCalls}. */
    public static final int DEFAULT_MINIMUM_NUMBER_OF_CALLS = 10;

    /** Default {@code slidingWindowSize}. */
    public static final int DEFAULT_SLIDING_WINDOW_SIZE = 20;

    /** Default {@code waitInOpenStateMs}. */
    public static final int DEFAULT_WAIT_IN_OPEN_STATE_MS = 10_000;

    /** Default {@code permittedCallsInHalfOpenState}. */
    public static final int DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE = 3;

    /** The documented defaults. */
    public static CircuitBreaker defaults() {
      return new CircuitBreaker(
          DEFAULT_FAILURE_RATE_THRESHOLD,
          Duration.ofMillis(DEFAULT_SLOW_CALL_DURATION_MS),
          DEFAULT_SLOW_CALL_RATE_THRESHOLD,
          DEFAULT_MINIMUM_NUMBER_OF_CALLS,
          DEFAULT_SLIDING_WINDOW_SIZE,
          Duration.ofMillis(DEFAULT_WAIT_IN_OPEN_STATE_MS),
          DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE);
    }
  }

  /**
   * A cluster's retries: idempotent, bodiless requests that failed before any response byte are
   * sent again to another endpoint, within a budget of {@code budgetPercent} percent of the
   * requests of the last 10 s (plus 3).
   *
   * @param maxAttempts attempts in all; 1 never retries
   * @param budgetPercent retries as a share of requests
   * @param backoff wait before the first retry, doubled before each further one
   */
  public record Retry(int maxAttempts, int budgetPercent, Duration backoff) {
    /** Default {@code maxAttempts}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 2;

    /** Default {@code budgetPercent}. */
    public static final int DEFAULT_BUDGET_PERCENT = 20;

    /** Default {@code backoffMs}. */
    public static final int DEFAULT_BACKOFF_MS = 0;

    /** The documented defaults. */
    public static Retry defaults() {
      return new Retry(
          DEFAULT_MAX_ATTEMPTS, DEFAULT_BUDGET_PERCENT, Duration.ofMillis(DEFAULT_BACKOFF_MS));
    }
  }

  /**
   * A cluster's bulkhead.
   *
   * @param maxConcurrentRequests most requests in flight to the cluster, or empty for {@code
   *     maxConnectionsPerEndpoint × endpoints × 16}
   */
  public record Bulkhead(Optional<Integer> maxConcurrentRequests) {
    /** The documented default: derived from the pool size. */
    public static Bulkhead defaults() {
      return new Bulkhead(Optional.empty());
    }
  }

  /**
   * An active health check.
   *
   * @param path path to GET
   * @param interval between checks
   * @param timeout for one check
   * @param unhealthyThreshold failures in a row that take an endpoint out
   * @param healthyThreshold successes in a row that bring it back
   */
  public record HealthCheck(
      String path,
      Duration interval,
      Duration timeout,
      int unhealthyThreshold,
      int healthyThreshold) {
    /** Default {@code intervalMs}. */
    public static final int DEFAULT_INTERVAL_MS = 5000;

    /** Default {@code timeoutMs}. */
    public static final int DEFAULT_TIMEOUT_MS = 2000;

    /** Default thresholds. */
    public static final int DEFAULT_THRESHOLD = 2;
  }

  /**
   * Upstream TLS files.
   *
   * @param caFile trusted CA certificates
   * @param certFile client certificate chain for mTLS, if any
   * @param keyFile its key
   * @param serverName SNI and verified name, if not the endpoint host
   */
  public record UpstreamTls(
      Path caFile, Optional<Path> certFile, Optional<Path> keyFile, Optional<String> serverName) {
    /** Checks that a client certificate comes with its key. */
    public UpstreamTls {
      if (certFile.isPresent() != keyFile.isPresent()) {
        throw new ConfigValueException("gateway.clusters.tls", "certFile and keyFile go together");
      }
    }
  }

  /**
   * Timeouts.
   *
   * @param connect upstream connect (TCP and TLS)
   * @param request until the upstream's response headers
   * @param idle idle connection
   * @param requestHeaders for a client's complete request headers
   */
  public record Timeouts(
      Duration connect, Duration request, Duration idle, Duration requestHeaders) {
    /** The documented defaults: 5 s, 30 s, 60 s, 10 s. */
    public static Timeouts defaults() {
      return new Timeouts(
          Duration.ofMillis(5000),
          Duration.ofMillis(30000),
          Duration.ofMillis(60000),
          Duration.ofMillis(10000));
    }
  }

  /**
   * Request size limits.
   *
   * @param maxRequestLineBytes longest request line
   * @param maxHeaderBytes largest header section
   * @param maxHeaders most header fields
   * @param maxBodyBytes largest body
   */
  public record Limits(
      int maxRequestLineBytes, int maxHeaderBytes, int maxHeaders, long maxBodyBytes) {
    /** The documented defaults: 8 KiB, 32 KiB, 100, 10 MiB. */
    public static Limits defaults() {
      return new Limits(8192, 32768, 100, 10485760L);
    }
  }
}
