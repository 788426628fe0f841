package io.bulwark.gateway.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import io.bulwark.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cached JWK set of one issuer, fetched without blocking the caller (JDK {@link HttpClient}
 * {@code sendAsync}). The location comes from the settings or from discovery (OpenID Connect {@code
 * /.well-known/openid-configuration}, then RFC 8414 {@code
 * /.well-known/oauth-authorization-server}), whose {@code issuer} must match exactly.
 *
 * <p>Fetches are rate-limited: at most one per {@link IssuerSettings#jwksRefreshInterval()} (an
 * unknown {@code kid} can't make more), only one at a time, and a failed fetch keeps serving the
 * last good set, so verification carries on while the issuer is down. A set older than {@link
 * IssuerSettings#jwksMaxAge()} is refreshed in the background. Thread-safe.
 */
final class IssuerKeys {
  static final int MAX_DOCUMENT_BYTES = 256 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(IssuerKeys.class);
  private static final JWKSet EMPTY = new JWKSet();

  private final IssuerSettings settings;
  private final HttpClient http;
  private final Clock clock;
  private volatile JWKSet keys = EMPTY;
  private volatile Instant fetchedAt;
  private volatile URI jwksUri;
  private Instant lastAttempt;
  private CompletableFuture<JWKSet> inFlight;

  IssuerKeys(IssuerSettings settings, HttpClient http, Clock clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
    this.jwksUri = settings.jwksUri();
  }

  /** The keys as last fetched (empty before the first successful fetch). */
  JWKSet current() {
    return keys;
  }

  /** Whether any key in the current set may have signed a JWS with {@code header}. */
  boolean hasKeyFor(JWSHeader header) {
    return !IssuerKeySelector.candidates(header, keys).isEmpty();
  }

  /** Whether a fetch has ever succeeded. */
  boolean loaded() {
    return fetchedAt != null;
  }

  /** Starts a background refresh if the set is older than the maximum age. Never waits. */
  void refreshIfStale() {
    Instant at = fetchedAt;
    if (at != null && clock.instant().isAfter(at.plus(settings.jwksMaxAge()))) {
      refresh();
    }
  }

  /**
   * Fetches the set unless a fetch happened within the refresh interval; joins a fetch under way.
   * The stage never fails: it completes with the newest set available (possibly the old one).
   */
  synchronized CompletionStage<JWKSet> refresh() {
    if (inFlight != null) {
      return inFlight;
    }
    Instant now = clock.instant();
    if (lastAttempt != null && now.isBefore(lastAttempt.plus(settings.jwksRefreshInterval()))) {
      return CompletableFuture.completedFuture(keys);
    }
    lastAttempt = now;
    CompletableFuture<JWKSet> fetch =
        locate()
            .thenCompose(this::fetchKeys)
            .handle((set, error) -> {
              if (error != null) {
                LOG.warn(
                    "JWK set of issuer {} not refreshed, keeping {} cached keys: {}",
                    settings.issuer(),
                    keys.size(),
                    rootMessage(error));
                return keys;
              }
              keys = set;
              fetchedAt = clock.instant();
              return set;
            })
            .toCompletableFuture();
    inFlight = fetch;
    fetch.whenComplete((set, error) -> clearInFlight(fetch));
    return fetch;
  }

  private synchronized void clearInFlight(CompletableFuture<JWKSet> done) {
    if (inFlight == done) {
      inFlight = null;
    }
  }

  private CompletionStage<URI> locate() {
    URI known = jwksUri;
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    String issuer = stripTrailingSlash(settings.issuer());
    URI oidc = URI.create(issuer + "/.well-known/openid-configuration");
    return discover(oidc)
        .exceptionallyCompose(first -> discover(rfc8414(URI.create(settings.issuer()))))
        .thenApply(uri -> {
          jwksUri = uri;
          return uri;
        });
  }

  /** RFC 8414 §3: the well-known segment goes between the host and the issuer's path. */
  static URI rfc8414(URI issuer) {
    String path = issuer.getRawPath() == null ? "" : issuer.getRawPath();
    path = stripTrailingSlash(path);
    return URI.create(
        issuer.getScheme()
            + "://"
            + issuer.getRawAuthority()
            + "/.well-known/oauth-authorization-server"
            + path);
  }

  private CompletionStage<URI> discover(URI metadataUri) {
    return get(metadataUri)
        .thenApply(body -> {
          JsonNode doc;
          try {
            doc = Json.mapper().readTree(body);
          } catch (IOException e) {
            throw new IllegalStateException("discovery document is not JSON");
          }
          if (!settings.issuer().equals(doc.path("issuer").asText(null))) {
            throw new IllegalStateException("discovery document names another issuer");
          }
          String location = doc.path("jwks_uri").asText(null);
          if (location == null) {
            throw new IllegalStateException("discovery document has no jwks_uri");
          }
          URI uri = URI.create(location);
          IssuerSettings.requireHttps(uri, "jwks_uri");
          return uri;
        });
  }

  private CompletionStage<JWKSet> fetchKeys(URI uri) {
    return get(uri)
        .thenApply(body -> {
          try {
            return JWKSet.parse(new String(body, StandardCharsets.UTF_8)).toPublicJWKSet();
          } catch (ParseException e) {
            throw new IllegalStateException("JWK set is not valid");
          }
        });
  }

  private CompletionStage<byte[]> get(URI uri) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.httpTimeout())
            .header("Accept", "application/json")
            .GET()
            .build();
    return http.sendAsync(request, new BoundedBodyHandler(MAX_DOCUMENT_BYTES))
        .orTimeout(settings.httpTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)
        .thenApply(response -> {
          if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode());
          }
          return response.body();
        });
  }

  private static String stripTrailingSlash(String value) {
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
