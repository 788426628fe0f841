package io.bulwark.gateway.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.bulwark.gateway.auth.AuthFailure.Reason;
import io.bulwark.sdk.token.VerifierFactory;
import java.net.http.HttpClient;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Verifies signed JWTs of one issuer with Nimbus's {@link DefaultJWTProcessor}: keys only from this
 * issuer's cached JWK set, only the pinned algorithms (RSA, EC, or Ed25519 through the JDK), then
 * {@link ClaimsVerifier}. When no cached key matches the token's {@code kid}, the set is refreshed
 * (rate-limited) before giving up.
 */
final class IssuerVerifier {
  private final IssuerSettings settings;
  private final IssuerKeys keys;
  private final ClaimsVerifier claimsVerifier;
  private final DefaultJWTProcessor<SecurityContext> processor;

  IssuerVerifier(IssuerSettings settings, HttpClient http, Clock clock) {
    this.settings = settings;
    this.keys = new IssuerKeys(settings, http, clock);
    this.claimsVerifier = new ClaimsVerifier(settings, clock);
    var jwtProcessor = new DefaultJWTProcessor<>();
    // typ is checked (against the settings) before the processor runs.
    jwtProcessor.setJWSTypeVerifier((type, context) -> {});
    jwtProcessor.setJWSKeySelector(new IssuerKeySelector(settings.algorithms(), keys::current));
    jwtProcessor.setJWSVerifierFactory(new VerifierFactory());
    jwtProcessor.setJWTClaimsSetVerifier(claimsVerifier);
    this.processor = jwtProcessor;
  }

  IssuerSettings settings() {
    return settings;
  }

  IssuerKeys keys() {
    return keys;
  }

  boolean expired(Instant exp, Instant now) {
    return claimsVerifier.expired(exp, now);
  }

  /**
   * Verifies {@code jwt}. Completes at once when a cached key matches; otherwise after a JWK set
   * refresh, on the HTTP client's thread.
   */
  CompletionStage<AuthResult> verify(SignedJWT jwt, int length) {
    JWSHeader header = jwt.getHeader();
    if (length > settings.maxTokenLength()) {
      return done(AuthResult.rejected(Reason.TOO_LARGE));
    }
    if (!settings.algorithms().contains(header.getAlgorithm())) {
      return done(AuthResult.rejected(Reason.ALGORITHM_NOT_ALLOWED));
    }
    String type = header.getType() == null ? null : header.getType().getType();
    if (!settings.typeAccepted(type)) {
      return done(AuthResult.rejected(Reason.WRONG_TYPE));
    }
    keys.refreshIfStale();
    if (keys.hasKeyFor(header)) {
      return done(process(jwt));
    }
    return keys.refresh()
        .thenApply(set -> {
          if (keys.hasKeyFor(header)) {
            return process(jwt);
          }
          return AuthResult.rejected(keys.loaded() ? Reason.UNKNOWN_KEY : Reason.KEYS_UNAVAILABLE);
        });
  }

  private AuthResult process(SignedJWT jwt) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(jwt, null);
    } catch (ClaimsVerifier.Rejection e) {
      return AuthResult.rejected(e.reason());
    } catch (BadJWSException e) {
      return AuthResult.rejected(Reason.SIGNATURE_INVALID);
    } catch (BadJWTException e) {
      return AuthResult.rejected(Reason.MALFORMED);
    } catch (BadJOSEException e) {
      return AuthResult.rejected(Reason.UNKNOWN_KEY);
    } catch (JOSEException e) {
      return AuthResult.rejected(Reason.SIGNATURE_INVALID);
    }
    try {
      return new AuthResult.Authenticated(principal(claims));
    } catch (ParseException | ClassCastException e) {
      return AuthResult.rejected(Reason.MALFORMED);
    }
  }

  private AuthenticatedPrincipal principal(JWTClaimsSet claims) throws ParseException {
    String thumbprint = boundThumbprint(claims);
    return new AuthenticatedPrincipal(
        thumbprint == null ? AuthMethod.JWT : AuthMethod.CERTIFICATE_BOUND_JWT,
        claims.getIssuer(),
        claims.getSubject(),
        clientId(claims),
        scopes(claims),
        strings(claims.getStringListClaim("roles")),
        claims.toJSONObject(),
        claims.getJWTID(),
        claims.getStringClaim("sid"),
        claims.getIssueTime() == null ? null : claims.getIssueTime().toInstant(),
        claims.getExpirationTime().toInstant(),
        thumbprint);
  }

  /** The RFC 8705 {@code cnf.x5t#S256} value, or null when the token is not certificate-bound. */
  static String boundThumbprint(JWTClaimsSet claims) throws ParseException {
    Map<String, Object> cnf = claims.getJSONObjectClaim("cnf");
    if (cnf == null) {
      return null;
    }
    Object value = cnf.get("x5t#S256");
    if (!(value instanceof String thumbprint) || thumbprint.isEmpty()) {
      throw new ParseException("cnf without a usable x5t#S256", 0);
    }
    return thumbprint;
  }

  private static String clientId(JWTClaimsSet claims) throws ParseException {
    String clientId = claims.getStringClaim("client_id");
    return clientId != null ? clientId : claims.getStringClaim("azp");
  }

  private static Set<String> scopes(JWTClaimsSet claims) throws ParseException {
    Set<String> scopes = new LinkedHashSet<>();
    String scope = claims.getStringClaim("scope");
    if (scope != null) {
      for (String s : scope.split(" ")) {
        if (!s.isEmpty()) {
          scopes.add(s);
        }
      }
    }
    scopes.addAll(strings(claims.getStringListClaim("scp")));
    return scopes;
  }

  private static Set<String> strings(List<String> values) {
    Set<String> set = new LinkedHashSet<>();
    if (values != null) {
      values.stream().filter(v -> v != null && !v.isEmpty()).forEach(set::add);
    }
    return set;
  }

  private static CompletionStage<AuthResult> done(AuthResult result) {
    return CompletableFuture.completedFuture(result);
  }
}
