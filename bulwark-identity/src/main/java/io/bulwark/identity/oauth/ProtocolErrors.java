package io.bulwark.identity.oauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import io.bulwark.core.json.Json;
import io.bulwark.core.problem.Problem;
import io.bulwark.identity.user.PasswordHasher;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.Locale;

/**
 * Keeps HTTP-level refusals (body too large, wrong method, not found, password checks saturated) in
 * the right format: an RFC 6749 §5.2 error object on the OAuth endpoints, an RFC 9457 problem
 * elsewhere.
 */
public final class ProtocolErrors {
  private ProtocolErrors() {}

  /** Installs the handler on the identity server's routes. */
  public static void install(RoutesConfig routes) {
    routes.exception(HttpResponseException.class, (e, ctx) -> handle(e.getStatus(), ctx));
    routes.exception(
        PasswordHasher.BusyException.class,
        (e, ctx) -> {
          ctx.header("Retry-After", "1");
          handle(503, ctx);
        });
  }

  static boolean isOAuthPath(String path) {
    return (path.startsWith("/oauth2/") && !path.equals(Endpoints.LOGOUT))
        || path.equals(Endpoints.USERINFO);
  }

  private static void handle(int refusedStatus, Context ctx) {
    int status = refusedStatus < 400 ? 400 : refusedStatus;
    String message =
        switch (status) {
          case 404 -> "no endpoint at this path";
          case 405 -> "this endpoint does not support the method";
          case 413 -> "the request body is too large";
          case 503 -> "too many sign-ins are being checked; retry in a moment";
          default -> "the request was refused";
        };
    ctx.status(status);
    ctx.header("Cache-Control", "no-store");
    if (isOAuthPath(ctx.path())) {
      OAuthHttp.writeError(
          ctx,
          (status == 503 ? OAuth2Error.TEMPORARILY_UNAVAILABLE : OAuth2Error.INVALID_REQUEST)
              .setHTTPStatusCode(status)
              .setDescription(message));
      ctx.status(status);
      return;
    }
    HttpStatus known = HttpStatus.forStatus(status);
    String title = known == HttpStatus.UNKNOWN ? "Error" : known.getMessage();
    Problem problem =
        Problem.of(
            status, title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"), title, message);
    try {
      ctx.contentType(Problem.MEDIA_TYPE);
      ctx.result(Json.mapper().writeValueAsBytes(problem));
    } catch (JsonProcessingException ex) {
      ctx.result("");
    }
  }
}
