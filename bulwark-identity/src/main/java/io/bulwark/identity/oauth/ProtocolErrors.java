package io.bulwark.identity.oauth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import io.bulwark.core.json.Json;
import io.bulwark.core.problem.Problem;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.Locale;

/**
 * Keeps HTTP-level refusals (body too large, wrong method, not found) in the right format: an RFC
 * 6749 §5.2 error object on the OAuth endpoints, an RFC 9457 problem elsewhere.
 */
public final class ProtocolErrors {
  private ProtocolErrors() {}

  /** Installs the handler on the identity server's routes. */
  public static void install(RoutesConfig routes) {
    routes.exception(HttpResponseException.class, ProtocolErrors::handle);
  }

  static boolean isOAuthPath(String path) {
    return (path.startsWith("/oauth2/") && !path.equals(Endpoints.LOGOUT))
        || path.equals(Endpoints.USERINFO);
  }

  private static void handle(HttpResponseException e, Context ctx) {
    int status = e.getStatus() < 400 ? 400 : e.getStatus();
    String message =
        switch (status) {
          case 404 -> "no endpoint at this path";
          case 405 -> "this endpoint does not support the method";
          case 413 -> "the request body is too large";
          default -> "the request was refused";
        };
    ctx.status(status);
    ctx.header("Cache-Control", "no-store");
    if (isOAuthPath(ctx.path())) {
      OAuthHttp.writeError(
          ctx, OAuth2Error.INVALID_REQUEST.setHTTPStatusCode(status).setDescription(message));
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
