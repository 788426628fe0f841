package io.bulwark.examples.bakery.orders;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import io.bulwark.sdk.token.VerifiedToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Exchanges a user's access token for a narrower one for a downstream audience at the identity
 * server's token endpoint (RFC 8693 token exchange, authenticated with {@code
 * client_secret_basic}), so the downstream service sees both the user ({@code sub}) and this
 * service ({@code act.sub}). Exchanged tokens are cached by the user token's {@code jti} until
 * shortly before they expire. Thread-safe.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8693">RFC 8693</a>
 */
public final class TokenExchangeClient {
  /** Most exchanged tokens kept at once. */
  public static final int DEFAULT_MAX_CACHED = 10_000;

  /** An OAuth error code as RFC 6749 §5.2 allows, kept short; anything else is not echoed. */
  private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");

  private final Downstream identity;
  private final URI tokenEndpoint;
  private final ClientSecretBasic credentials;
  private final String audience;
  private final Scope scope;
  private final Clock clock;
  private final ExchangedTokenCache cache;

  /**
   * @param http client trusting the identity server's TLS certificate
   * @param tokenEndpoint e.g. {@code https://id.example:9443/oauth2/token}
   * @param clientId this service's client id, registered for token exchange
   * @param clientSecret its secret
   * @param audience the downstream audience asked for, e.g. {@code payments}
   * @param scope the scope asked for (space separated), or {@code null} for the server's default
   *     (the scopes both the user token and this client have)
   * @param maxCached most exchanged tokens cached at once
   * @param clock when cached tokens are due for renewal
   */
  public TokenExchangeClient(
      HttpClient http,
      URI tokenEndpoint,
      String clientId,
      String clientSecret,
      String audience,
      String scope,
      int maxCached,
      Clock clock) {
    this.tokenEndpoint = Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    this.identity = new Downstream(http, tokenEndpoint.resolve("/"), "identity");
    this.credentials =
        new ClientSecretBasic(
            new ClientID(Objects.requireNonNull(clientId, "clientId")),
            new Secret(Objects.requireNonNull(clientSecret, "clientSecret")));
    this.audience = Objects.requireNonNull(audience, "audience");
    this.scope = scope == null ? null : Scope.parse(scope);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cache = new ExchangedTokenCache(maxCached, clock);
  }

  /**
   * A token for the downstream audience on behalf of the user who sent {@code subjectToken}
   * (already verified as {@code subject}).
   *
   * @throws TokenExchangeException when the identity server refuses the exchange
   * @throws io.bulwark.core.problem.ProblemException 502 when it cannot be reached or answers
   *     something else than a token response
   */
  public String exchange(VerifiedToken subject, String subjectToken) {
    String jti = subject.jwtId();
    if (jti != null) {
      Optional<String> cached = cache.get(jti);
      if (cached.isPresent()) {
        return cached.get();
      }
    }
    Instant asked = clock.instant();
    AccessToken token = request(subjectToken);
    Instant expiresAt =
        earliest(
            subject.expiresAt(),
            token.getLifetime() > 0 ? asked.plusSeconds(token.getLifetime()) : null);
    if (jti != null) {
      cache.put(jti, new ExchangedTokenCache.Entry(token.getValue(), expiresAt));
    }
    return token.getValue();
  }

  /** Exchanged tokens cached now. */
  long cached() {
    return cache.size();
  }

  private AccessToken request(String subjectToken) {
    TokenExchangeGrant grant =
        new TokenExchangeGrant(
            new TypelessAccessToken(subjectToken),
            TokenTypeURI.ACCESS_TOKEN,
            null,
            null,
            TokenTypeURI.ACCESS_TOKEN,
            List.of(new Audience(audience)));
    HTTPRequest form = new TokenRequest(tokenEndpoint, credentials, grant, scope).toHTTPRequest();
    HttpRequest.Builder request =
        identity
            .request(tokenEndpoint.getRawPath())
            .POST(HttpRequest.BodyPublishers.ofString(form.getBody(), StandardCharsets.UTF_8));
    form.getHeaderMap()
        .forEach((name, values) -> values.forEach(value -> request.header(name, value)));
    Downstream.Response response = identity.send(request.build());
    TokenResponse parsed;
    try {
      HTTPResponse http = new HTTPResponse(response.status());
      http.setHeader("Content-Type", "application/json");
      http.setBody(new String(response.body(), StandardCharsets.UTF_8));
      parsed = TokenResponse.parse(http);
    } catch (ParseException e) {
      throw identity.failed("answered the token exchange with an invalid response");
    }
    if (!parsed.indicatesSuccess()) {
      TokenErrorResponse error = parsed.toErrorResponse();
      String code = error.getErrorObject() == null ? null : error.getErrorObject().getCode();
      if (code == null || !ERROR_CODE.matcher(code).matches()) {
        throw identity.failed("failed the token exchange (" + response.status() + ")");
      }
      throw new TokenExchangeException(code);
    }
    AccessTokenResponse success = parsed.toSuccessResponse();
    return success.getTokens().getAccessToken();
  }

  private static Instant earliest(Instant a, Instant b) {
    return b == null || a.isBefore(b) ? a : b;
  }
}
