package io.bulwark.gateway.security;

import io.bulwark.gateway.auth.ApiKeys;
import io.bulwark.gateway.auth.AuthFailure;
import io.bulwark.gateway.auth.AuthFailure.Reason;
import io.bulwark.gateway.auth.AuthMethod;
import io.bulwark.gateway.auth.AuthResult;
import io.bulwark.gateway.auth.AuthenticatedPrincipal;
import io.bulwark.gateway.chain.AttributeKey;
import io.bulwark.gateway.chain.Attributes;
import io.bulwark.gateway.chain.RequestStage;
import io.bulwark.gateway.chain.RequestView;
import io.bulwark.gateway.chain.StageFactory;
import io.bulwark.gateway.chain.StageResult;
import io.bulwark.gateway.config.RouteConfig;
import io.bulwark.sdk.token.BearerToken;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Establishes who is calling. A {@code Authorization: Bearer} credential starting {@code bwk_} is
 * checked as an API key, any other as a JWT from a configured issuer (certificate-bound tokens
 * against the TLS client certificate); without one, a client certificate with a SPIFFE ID
 * authenticates by mTLS. A presented credential that fails is always a 401 with an RFC 6750
 * challenge; a missing one is a 401 only on routes whose {@code auth} is {@code required}. The
 * principal goes into {@link Attributes#PRINCIPAL}, {@link Attributes#ROLES}, {@link
 * Attributes#CLAIMS} and {@link #AUTHENTICATED}; upstream gets {@value #PRINCIPAL_HEADER} and
 * {@value #METHOD_HEADER}, the original JWT in {@code Authorization}, and never an API key. Routes
 * with {@code auth: anonymous} get no stage. Thread-safe.
 */
public final class AuthenticationStage implements RequestStage {
  /** The full principal, for revocation and rate limits. */
  public static final AttributeKey<AuthenticatedPrincipal> AUTHENTICATED =
      new AttributeKey<>("authenticated", AuthenticatedPrincipal.class);

  /** Upstream header naming the verified principal (client-sent values are stripped). */
  public static final String PRINCIPAL_HEADER = "X-Bulwark-Principal";

  /** Upstream header naming how the principal authenticated. */
  public static final String METHOD_HEADER = "X-Bulwark-Auth-Method";

  private static final Map<AuthMethod, String> METHOD_VALUES = methodValues();

  private final Authenticators authenticators;
  private final RouteConfig.Auth mode;
  private final String realm;

  AuthenticationStage(Authenticators authenticators, RouteConfig.Auth mode, String realm) {
    this.authenticators = authenticators;
    this.mode = mode;
    this.realm = realm;
    AuthFailure.of(Reason.MALFORMED).wwwAuthenticate(realm); // checks the realm once
  }

  /** A factory adding this stage to every route whose {@code auth} is not anonymous. */
  public static StageFactory factory(Authenticators authenticators, String realm) {
    return route ->
        route.auth() == RouteConfig.Auth.ANONYMOUS
            ? Optional.empty()
            : Optional.of(new AuthenticationStage(authenticators, route.auth(), realm));
  }

  @Override
  public CompletionStage<StageResult> apply(RequestView request) {
    List<String> authorization = request.headers().get("authorization");
    if (authorization != null && !authorization.isEmpty()) {
      if (authorization.size() > 1) {
        return reject(Reason.MALFORMED);
      }
      String credential = BearerToken.valueIn(authorization.get(0));
      if (credential == null) {
        return reject(Reason.MALFORMED);
      }
      if (ApiKeys.looksLikeApiKey(credential)) {
        return authenticators.apiKeys() == null
            ? reject(Reason.INVALID_API_KEY)
            : CompletableFuture.completedFuture(
                result(authenticators.apiKeys().authenticate(credential)));
      }
      if (authenticators.jwt() == null) {
        return reject(Reason.UNKNOWN_ISSUER);
      }
      return authenticators
          .jwt()
          .authenticate(
              credential,
              request.clientCertificates().isEmpty() ? null : request.clientCertificates().get(0))
          .thenApply(this::result);
    }
    if (!request.clientCertificates().isEmpty() && authenticators.mtls() != null) {
      return CompletableFuture.completedFuture(
          result(authenticators.mtls().authenticate(request.clientCertificates())));
    }
    return mode == RouteConfig.Auth.REQUIRED
        ? reject(Reason.MISSING_CREDENTIALS)
        : CompletableFuture.completedFuture(StageResult.proceed());
  }

  private CompletionStage<StageResult> reject(Reason reason) {
    return CompletableFuture.completedFuture(Denials.of(AuthFailure.of(reason), realm));
  }

  private StageResult result(AuthResult result) {
    if (result instanceof AuthResult.Rejected rejected) {
      return Denials.of(rejected.failure(), realm);
    }
    AuthenticatedPrincipal p = ((AuthResult.Authenticated) result).principal();
    Attributes attributes =
        Attributes.EMPTY
            .with(Attributes.PRINCIPAL, p.subject())
            .with(Attributes.ROLES, p.roles())
            .with(Attributes.CLAIMS, claims(p))
            .with(AUTHENTICATED, p);
    if (p.clientId() != null) {
      attributes = attributes.with(Attributes.CLIENT_ID, p.clientId());
    }
    String method = METHOD_VALUES.get(p.method());
    Map<String, String> upstream =
        p.method() == AuthMethod.API_KEY
            ? Map.of(PRINCIPAL_HEADER, p.subject(), METHOD_HEADER, method, "Authorization", "")
            : Map.of(PRINCIPAL_HEADER, p.subject(), METHOD_HEADER, method);
    return new StageResult.Continue(attributes, upstream, Map.of());
  }

  private static Map<AuthMethod, String> methodValues() {
    Map<AuthMethod, String> values = new java.util.EnumMap<>(AuthMethod.class);
    for (AuthMethod m : AuthMethod.values()) {
      values.put(m, m.name().toLowerCase(Locale.ROOT));
    }
    return values;
  }

  private static Map<String, Object> claims(AuthenticatedPrincipal p) {
    if (!p.claims().isEmpty()) {
      return p.claims();
    }
    Map<String, Object> facts = new HashMap<>();
    facts.put("auth_method", p.method().name().toLowerCase(Locale.ROOT));
    if (p.clientId() != null) {
      facts.put("client_id", p.clientId());
    }
    facts.put("scope", String.join(" ", p.scopes()));
    return facts;
  }
}
