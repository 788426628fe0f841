package io.bulwark.examples.bakery.common;

import io.bulwark.core.http.HttpServer;
import io.bulwark.core.problem.Problem;
import io.bulwark.core.problem.ProblemException;
import io.bulwark.sdk.token.BearerToken;
import io.bulwark.sdk.token.InvalidTokenException;
import io.bulwark.sdk.token.TokenVerifier;
import io.bulwark.sdk.token.VerifiedToken;
import io.javalin.http.Context;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Authenticates a request's caller from its bearer token (RFC 6750) with the service's {@link
 * TokenVerifier}. Failures become problems: 401 with a {@code WWW-Authenticate} challenge set on
 * the response (without an error code when no token was sent, {@code error="invalid_token"} and the
 * verifier's short reason otherwise, per RFC 6750 §3.1), 403 when the caller is known but not
 * allowed, 503 when the issuer's keys can't be fetched.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3">RFC 6750 §3</a>
 */
public final class CallerAuthenticator {
  private static final Pattern REALM = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private final TokenVerifier verifier;
  private final String realm;

  /**
   * @param verifier verifies tokens for this service's audience
   * @param realm the challenge realm, usually the service name ({@code [a-z][a-z0-9-]*})
   */
  public CallerAuthenticator(TokenVerifier verifier, String realm) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    if (realm == null || !REALM.matcher(realm).matches()) {
      throw new IllegalArgumentException("realm must match " + REALM);
    }
    this.realm = realm;
  }

  /** The verified caller, or a 401 (or 503) problem. */
  public VerifiedToken authenticate(Context ctx) {
    BearerToken token = BearerToken.parse(ctx.header("Authorization")).orElse(null);
    if (token == null) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"" + realm + "\"");
      throw ProblemException.unauthorized("a bearer token is required");
    }
    try {
      VerifiedToken caller = verifier.verify(token.value());
      ctx.attribute(HttpServer.PRINCIPAL_ATTRIBUTE, caller.subject());
      return caller;
    } catch (InvalidTokenException e) {
      if (e.reason() == InvalidTokenException.Reason.KEYS_UNAVAILABLE) {
        throw new ProblemException(
            Problem.of(
                503, "service-unavailable", "Service unavailable", "cannot verify tokens now"));
      }
      ctx.header(
          "WWW-Authenticate",
          "Bearer realm=\""
              + realm
              + "\", error=\"invalid_token\", error_description=\""
              + e.getMessage()
              + "\"");
      throw ProblemException.unauthorized(e.getMessage());
    }
  }

  /** The verified caller if it has {@code role}; otherwise a 401 or 403 problem. */
  public VerifiedToken requireRole(Context ctx, String role) {
    VerifiedToken caller = authenticate(ctx);
    if (!caller.hasRole(role)) {
      throw ProblemException.forbidden("requires role " + role);
    }
    return caller;
  }

  /** The verified caller if its {@code client_id} is {@code clientId}; otherwise 401 or 403. */
  public VerifiedToken requireClient(Context ctx, String clientId) {
    VerifiedToken caller = authenticate(ctx);
    if (!clientId.equals(caller.clientId())) {
      throw ProblemException.forbidden("this endpoint is for the " + clientId + " client only");
    }
    return caller;
  }
}
