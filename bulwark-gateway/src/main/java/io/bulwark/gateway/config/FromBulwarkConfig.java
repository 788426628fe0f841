package io.bulwark.gateway.config;

import com.nimbusds.jose.JWSAlgorithm;
import io.bulwark.core.crypto.CryptoFileException;
import io.bulwark.core.crypto.PemFiles;
import io.bulwark.gateway.auth.ApiKeyRecord;
import io.bulwark.gateway.auth.IssuerSettings;
import io.bulwark.gateway.auth.MtlsSettings;
import io.bulwark.gateway.ratelimit.ClusterRateLimitSettings;
import io.bulwark.gateway.ratelimit.KeyPart;
import io.bulwark.gateway.revocation.RevocationFeedSettings;
import io.bulwark.gateway.security.GatewaySecurity;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the {@code gateway} section of {@code bulwark.yaml} ({@link
 * io.bulwark.core.config.GatewayConfig}) into a {@link GatewayConfig}, reading upstream TLS files.
 * Listeners with {@code tls: true} get the TLS settings the caller resolved from the {@code tls}
 * section (a configured certificate or the local CA's), so that {@code bulwark up} and {@code
 * bulwark serve --role gateway} decide that in one place.
 */
public final class FromBulwarkConfig {
  private FromBulwarkConfig() {}

  /**
   * Converts {@code section}.
   *
   * @param listenerTls TLS for listeners marked {@code tls: true}; may be null only if none is
   * @throws CryptoFileException naming the file if an upstream TLS file cannot be read
   * @throws IllegalArgumentException if a value is inconsistent (such as a TLS listener without
   *     {@code listenerTls})
   */
  public static GatewayConfig convert(
      io.bulwark.core.config.GatewayConfig section, ServerTlsConfig listenerTls)
      throws CryptoFileException {
    var mtls = section.auth().mtls();
    if (listenerTls != null && !mtls.trustDomains().isEmpty() && mtls.caFile().isPresent()) {
      listenerTls =
          new ServerTlsConfig(
              listenerTls.certificate(),
              listenerTls.sniCertificates(),
              PemFiles.readCertificates(mtls.caFile().get()),
              ServerTlsConfig.ClientAuth.OPTIONAL);
    }
    ServerTlsConfig tls = listenerTls;
    List<ListenerConfig> listeners =
        section.listeners().stream()
            .map(l -> {
              if (l.tls() && tls == null) {
                throw new IllegalArgumentException(
                    "listener " + l.name() + " wants TLS but no certificate was given");
              }
              return new ListenerConfig(l.name(), l.host(), l.port(), l.tls() ? tls : null);
            })
            .toList();
    List<RouteConfig> routes = section.routes().stream().map(FromBulwarkConfig::route).toList();
    List<ClusterConfig> clusters = new java.util.ArrayList<>();
    for (io.bulwark.core.config.GatewayConfig.Cluster c : section.clusters()) {
      clusters.add(cluster(c));
    }
    var t = section.timeouts();
    var l = section.limits();
    return new GatewayConfig(
        listeners,
        routes,
        clusters,
        new Timeouts(t.connect(), t.request(), t.idle(), t.requestHeaders()),
        new Limits(l.maxRequestLineBytes(), l.maxHeaderBytes(), l.maxHeaders(), l.maxBodyBytes()),
        section.trustedProxies());
  }

  private static RouteConfig route(io.bulwark.core.config.GatewayConfig.Route r) {
    PathMatch path =
        new PathMatch(PathMatch.Kind.valueOf(r.match().toUpperCase(Locale.ROOT)), r.path());
    RouteConfig.PolicyBinding binding =
        r.resource()
            .map(res ->
                new RouteConfig.PolicyBinding(
                    res.kind(), res.idParam().orElse(null), res.action().orElse(null)))
            .orElse(null);
    RouteConfig.RateLimit rateLimit =
        r.rateLimit()
            .map(l ->
                new RouteConfig.RateLimit(
                    l.requests(),
                    l.period(),
                    l.keys().stream()
                        .map(k -> KeyPart.valueOf(k.toUpperCase(Locale.ROOT)))
                        .toList(),
                    l.shared()))
            .orElse(null);
    return new RouteConfig(
        r.id(),
        r.host().orElse(null),
        path,
        Set.copyOf(r.methods()),
        r.headers(),
        r.cluster(),
        binding,
        RouteConfig.Auth.valueOf(r.auth().toUpperCase(Locale.ROOT)),
        rateLimit);
  }

  /**
   * The authentication, revocation and Redis settings of {@code section}, for {@link
   * GatewaySecurity#start}.
   *
   * @throws CryptoFileException naming the file if the mTLS CA file cannot be read
   * @throws IllegalArgumentException if a value is inconsistent (such as an algorithm outside the
   *     RSA and EC families)
   */
  public static GatewaySecurity.Settings security(io.bulwark.core.config.GatewayConfig section)
      throws CryptoFileException {
    var auth = section.auth();
    List<IssuerSettings> issuers =
        auth.issuers().stream()
            .map(i -> {
              IssuerSettings.Builder b =
                  IssuerSettings.builder(i.issuer())
                      .algorithms(
                          i.algorithms().stream()
                              .map(JWSAlgorithm::parse)
                              .collect(java.util.stream.Collectors.toUnmodifiableSet()))
                      .audiences(Set.copyOf(i.audiences()))
                      .clockSkew(i.clockSkew())
                      .requireCertificateBinding(i.requireCertificateBinding());
              i.jwksUri().ifPresent(b::jwksUri);
              i.requiredType().ifPresent(b::requiredType);
              return b.build();
            })
            .toList();
    List<ApiKeyRecord> apiKeys =
        auth.apiKeys().stream()
            .map(k ->
                new ApiKeyRecord(
                    k.id(),
                    k.sha256(),
                    k.owner(),
                    Set.copyOf(k.scopes()),
                    null,
                    k.expiresAt().orElse(null)))
            .toList();
    MtlsSettings mtls = null;
    if (!auth.mtls().trustDomains().isEmpty()) {
      List<X509Certificate> anchors =
          auth.mtls().caFile().isPresent()
              ? PemFiles.readCertificates(auth.mtls().caFile().get())
              : List.of();
      mtls = new MtlsSettings(Set.copyOf(auth.mtls().trustDomains()), anchors);
    }
    var r = section.revocation();
    RevocationFeedSettings feed =
        r.issuer()
            .map(uri -> RevocationFeedSettings.of(uri, r.clientId().get(), r.clientSecret().get()))
            .orElse(null);
    return new GatewaySecurity.Settings(
        issuers,
        apiKeys,
        mtls,
        feed,
        section.redis().url().orElse(null),
        ClusterRateLimitSettings.FailureMode.valueOf(
            section.redis().onFailure().toUpperCase(Locale.ROOT)),
        auth.realm(),
        auth.apiKeyFile().orElse(null));
  }

  private static ClusterConfig cluster(io.bulwark.core.config.GatewayConfig.Cluster c)
      throws CryptoFileException {
    List<ClusterConfig.EndpointAddress> endpoints =
        c.endpoints().stream()
            .map(e -> {
              int colon = e.lastIndexOf(':');
              return new ClusterConfig.EndpointAddress(
                  e.substring(0, colon), Integer.parseInt(e.substring(colon + 1)));
            })
            .toList();
    ClusterConfig.UpstreamTlsConfig tls = null;
    if (c.tls().isPresent()) {
      var files = c.tls().get();
      List<X509Certificate> cas = PemFiles.readCertificates(files.caFile());
      List<X509Certificate> chain =
          files.certFile().isPresent()
              ? PemFiles.readCertificates(files.certFile().get())
              : List.of();
      PrivateKey key =
          files.keyFile().isPresent() ? PemFiles.readPrivateKey(files.keyFile().get()) : null;
      tls = new ClusterConfig.UpstreamTlsConfig(cas, chain, key, files.serverName().orElse(null));
    }
    ClusterConfig.HealthCheck check =
        c.healthCheck()
            .map(h ->
                new ClusterConfig.HealthCheck(
                    h.path(),
                    h.interval(),
                    h.timeout(),
                    h.unhealthyThreshold(),
                    h.healthyThreshold()))
            .orElse(null);
    return new ClusterConfig(
        c.name(),
        endpoints,
        ClusterConfig.Balancing.valueOf(c.balancing().toUpperCase(Locale.ROOT)),
        c.maxConnectionsPerEndpoint(),
        tls,
        check,
        resilience(c));
  }

  private static ResilienceConfig resilience(io.bulwark.core.config.GatewayConfig.Cluster c) {
    var cb = c.circuitBreaker();
    var retry = c.retry();
    return new ResilienceConfig(
        new ResilienceConfig.CircuitBreaker(
            cb.failureRateThreshold(),
            cb.slowCallDuration(),
            cb.slowCallRateThreshold(),
            cb.minimumNumberOfCalls(),
            cb.slidingWindowSize(),
            cb.waitInOpenState(),
            cb.permittedCallsInHalfOpenState()),
        new ResilienceConfig.Retry(retry.maxAttempts(), retry.budgetPercent(), retry.backoff()),
        new ResilienceConfig.Bulkhead(
            c.bulkhead().maxConcurrentRequests().orElse(ResilienceConfig.Bulkhead.DERIVED)));
  }
}
