package io.bulwark.identity.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.Outcome;
import io.bulwark.identity.IdentityAudit;
import io.bulwark.identity.revocation.Revoker;
import io.bulwark.identity.store.ClientStore;
import io.bulwark.identity.store.RegisteredClient;
import io.bulwark.identity.token.TokenReader;
import io.bulwark.identity.web.Pages;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OIDC RP-Initiated Logout 1.0: a client sends the user here with the {@code id_token_hint} it got
 * at login; the session named by its {@code sid} is revoked (refresh tokens stop working and a
 * {@code sid} revocation event reaches gateways). {@code post_logout_redirect_uri} must be one of
 * the client's registered redirect URIs exactly, else the user stays on a signed-out page (no open
 * redirect). There is no browser session yet, so the hint is required.
 *
 * @see <a href="https://openid.net/specs/openid-connect-rpinitiated-1_0.html">RP-Initiated
 *     Logout</a>
 */
public final class LogoutEndpoint {
  private final TokenReader reader;
  private final ClientStore clients;
  private final Revoker revoker;
  private final IdentityAudit audit;
  private final BrowserSessions browserSessions;

  LogoutEndpoint(
      TokenReader reader,
      ClientStore clients,
      Revoker revoker,
      BrowserSessions browserSessions,
      IdentityAudit audit) {
    this.browserSessions = browserSessions;
    this.reader = reader;
    this.clients = clients;
    this.revoker = revoker;
    this.audit = audit;
  }

  /** Handles {@code GET} and {@code POST /oauth2/logout}. */
  public void handle(Context ctx) {
    Map<String, List<String>> params =
        "POST".equals(ctx.method().name()) ? ctx.formParamMap() : ctx.queryParamMap();
    try {
      OAuthHttp.checkParameters(params);
    } catch (OAuthException e) {
      page(ctx, 400, "Invalid request", e.error().getDescription());
      return;
    }
    Optional<JWTClaimsSet> hint = reader.idTokenHint(first(params, "id_token_hint"));
    if (hint.isEmpty()) {
      page(
          ctx,
          400,
          "Cannot sign out",
          "The sign-out request did not come from a known application session.");
      return;
    }
    JWTClaimsSet claims = hint.get();
    String clientId = claims.getAudience().isEmpty() ? null : claims.getAudience().get(0);
    String requestedClient = first(params, "client_id");
    if (requestedClient != null && !requestedClient.equals(clientId)) {
      page(ctx, 400, "Cannot sign out", "The application does not match the session.");
      return;
    }
    Optional<RegisteredClient> client =
        clientId == null ? Optional.empty() : clients.find(clientId);
    String redirect = first(params, "post_logout_redirect_uri");
    if (redirect != null && (client.isEmpty() || !client.get().redirectUris().contains(redirect))) {
      page(
          ctx,
          400,
          "Invalid redirect",
          "The address to return to is not registered for this application.");
      return;
    }
    String sid = stringClaim(claims, "sid");
    if (sid != null) {
      revoker.revokeSession(sid);
    }
    browserSessions.end(ctx);
    audit.record(
        "auth.logout",
        Outcome.SUCCESS,
        new Actor(claims.getSubject(), clientId, ClientAddress.of(ctx), null),
        "user:" + claims.getSubject(),
        "logout",
        null,
        sid == null ? Map.of() : Map.of("sid", sid));
    if (redirect == null) {
      page(ctx, 200, "Signed out", "You are signed out.");
      return;
    }
    String state = first(params, "state");
    String location =
        state == null
            ? redirect
            : redirect
                + (redirect.contains("?") ? "&" : "?")
                + "state="
                + URLEncoder.encode(state, StandardCharsets.UTF_8);
    ctx.status(303).header("Location", location).header("Cache-Control", "no-store");
  }

  private static void page(Context ctx, int status, String title, String message) {
    ctx.status(status);
    ctx.header("Content-Security-Policy", Pages.contentSecurityPolicy(null));
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cache-Control", "no-store");
    ctx.contentType("text/html; charset=utf-8");
    ctx.result(Pages.error(title, message));
  }

  private static String stringClaim(JWTClaimsSet claims, String name) {
    try {
      return claims.getStringClaim(name);
    } catch (ParseException e) {
      return null;
    }
  }

  private static String first(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
