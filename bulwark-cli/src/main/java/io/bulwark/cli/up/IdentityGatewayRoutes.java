package io.bulwark.cli.up;

import io.bulwark.core.crypto.ServerCertificate;
import io.bulwark.gateway.config.ClusterConfig;
import io.bulwark.gateway.config.PathMatch;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.gateway.ratelimit.KeyPart;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * The gateway routes of {@code bulwark up} that make the identity server's public endpoints
 * (discovery, JWKS, authorize, sign-in and consent forms, token, introspection, revocation,
 * userinfo, logout, the revocation feed) reachable through the gateway: anonymous (the identity
 * server authenticates its callers itself, so their credentials pass through untouched) and
 * rate-limited per source address, tighter where passwords and client secrets are tried. The admin
 * API ({@code /admin/v1}) gets no route, so the gateway answers 404 for it. Tokens keep the
 * identity server's own issuer: the gateway is an additional entrance, not the issuer.
 */
final class IdentityGatewayRoutes {
  /** The cluster name of the identity server. */
  static final String CLUSTER = "identity";

  /** Sign-in forms: per source address, so one address cannot try passwords quickly. */
  static final RouteConfig.RateLimit SIGN_IN_LIMIT = perSourceAddress(30);

  /** Token, introspection and revocation: per source address, room for busy services. */
  static final RouteConfig.RateLimit TOKEN_LIMIT = perSourceAddress(300);

  /** Discovery, keys, authorize, userinfo, logout and the feed (polled twice a second). */
  static final RouteConfig.RateLimit PUBLIC_LIMIT = perSourceAddress(1200);

  private record Exposed(String id, String path, RouteConfig.RateLimit limit) {}

  private static final List<Exposed> EXPOSED =
      List.of(
          new Exposed("identity-discovery", "/.well-known/openid-configuration", PUBLIC_LIMIT),
          new Exposed("identity-metadata", "/.well-known/oauth-authorization-server", PUBLIC_LIMIT),
          new Exposed("identity-jwks", "/jwks", PUBLIC_LIMIT),
          new Exposed("identity-authorize", "/oauth2/authorize", PUBLIC_LIMIT),
          new Exposed("identity-login", "/login", SIGN_IN_LIMIT),
          new Exposed("identity-login-otp", "/login/otp", SIGN_IN_LIMIT),
          new Exposed("identity-consent", "/consent", PUBLIC_LIMIT),
          new Exposed("identity-token", "/oauth2/token", TOKEN_LIMIT),
          new Exposed("identity-introspect", "/oauth2/introspect", TOKEN_LIMIT),
          new Exposed("identity-revoke", "/oauth2/revoke", TOKEN_LIMIT),
          new Exposed("identity-userinfo", "/userinfo", PUBLIC_LIMIT),
          new Exposed("identity-logout", "/oauth2/logout", PUBLIC_LIMIT),
          new Exposed("identity-revocations", "/revocations", PUBLIC_LIMIT));

  private IdentityGatewayRoutes() {}

  /**
   * The identity server's cluster at {@code identity}, over TLS trusting {@code trustedCas}. With
   * {@code proxyCertificate} the gateway presents it, so that the identity server believes the
   * client address it puts in {@code X-Forwarded-For} ({@link IdentityRole#TRUSTED_PROXY}).
   */
  static ClusterConfig cluster(
      URI identity, List<X509Certificate> trustedCas, ServerCertificate proxyCertificate) {
    return new ClusterConfig(
        CLUSTER,
        List.of(new ClusterConfig.EndpointAddress(identity.getHost(), identity.getPort())),
        ClusterConfig.Balancing.ROUND_ROBIN,
        ClusterConfig.DEFAULT_MAX_CONNECTIONS,
        proxyCertificate == null
            ? new ClusterConfig.UpstreamTlsConfig(trustedCas, List.of(), null, null)
            : new ClusterConfig.UpstreamTlsConfig(
                trustedCas, proxyCertificate.chain(), proxyCertificate.privateKey(), null));
  }

  /** One exact-path route per public endpoint. */
  static List<RouteConfig> routes() {
    return EXPOSED.stream()
        .map(e ->
            RouteConfig.of(e.id(), PathMatch.exact(e.path()), CLUSTER)
                .withAuth(RouteConfig.Auth.ANONYMOUS)
                .withRateLimit(e.limit()))
        .toList();
  }

  private static RouteConfig.RateLimit perSourceAddress(long perMinute) {
    return new RouteConfig.RateLimit(
        perMinute, Duration.ofMinutes(1), List.of(KeyPart.SOURCE_IP, KeyPart.ROUTE), false);
  }
}
