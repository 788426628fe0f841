package io.bulwark.identity.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import io.bulwark.core.problem.Problem;
import io.bulwark.core.problem.ProblemException;
import io.bulwark.identity.client.ClientAuthenticationException;
import io.bulwark.identity.client.ClientAuthenticator;
import io.bulwark.identity.revocation.RevocationEventJson;
import io.bulwark.identity.store.RegisteredClient;
import io.bulwark.identity.store.RevocationEvent;
import io.bulwark.identity.store.RevocationStore;
import io.javalin.http.Context;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /revocations?since=<cursor>}: the revocation feed gateways poll, oldest first, at most
 * {@value #PAGE_SIZE} events a page. The caller is a client with scope {@value #SCOPE}: either a
 * bearer access token of ours carrying that scope, or HTTP Basic client credentials of a client
 * registered with it. Cursors are opaque, increasing strings; the response's {@code cursor} is the
 * last event's, or {@code since} when there is none.
 */
public final class RevocationFeedEndpoint {
  /** The scope a caller needs. */
  public static final String SCOPE = "revocations:read";

  /** Most events in one answer; poll again with the returned cursor for more. */
  public static final int PAGE_SIZE = 1000;

  private static final Pattern CURSOR = Pattern.compile("[0-9]{1,20}");

  private final RevocationStore store;
  private final TokenStatus status;
  private final ClientAuthenticator clients;

  RevocationFeedEndpoint(RevocationStore store, TokenStatus status, ClientAuthenticator clients) {
    this.store = store;
    this.status = status;
    this.clients = clients;
  }

  /** The cursor of an event: its sequence number, zero-padded to 20 digits. */
  public static String cursor(long seq) {
    return RevocationEventJson.cursor(seq);
  }

  /** Handles the poll. */
  public void handle(Context ctx) {
    authorize(ctx);
    String since = ctx.queryParam("since");
    long after = 0;
    if (since != null && !since.isEmpty()) {
      if (!CURSOR.matcher(since).matches()) {
        throw ProblemException.badRequest("since must be a cursor returned by this feed");
      }
      try {
        after = Long.parseLong(since);
      } catch (NumberFormatException e) {
        throw ProblemException.badRequest("since must be a cursor returned by this feed");
      }
    }
    List<Map<String, String>> events = new ArrayList<>();
    String last = since == null || since.isEmpty() ? cursor(0) : since;
    for (RevocationEvent event : store.eventsAfter(after, PAGE_SIZE)) {
      Map<String, String> json = RevocationEventJson.toMap(event);
      events.add(json);
      last = json.get("cursor");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("events", events);
    body.put("cursor", last);
    ctx.json(body);
  }

  private void authorize(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      Optional<JWTClaimsSet> claims = status.activeAccessToken(authorization.substring(7).strip());
      if (claims.isEmpty()) {
        throw unauthorized(ctx, "Bearer error=\"invalid_token\"");
      }
      if (!scopes(claims.get()).contains(SCOPE)) {
        throw new ProblemException(
            Problem.of(403, "insufficient-scope", "Forbidden", "the token lacks scope " + SCOPE));
      }
      return;
    }
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      RegisteredClient client = basicClient(ctx, authorization);
      if (!client.scopes().contains(SCOPE)) {
        throw new ProblemException(
            Problem.of(403, "insufficient-scope", "Forbidden", "the client lacks scope " + SCOPE));
      }
      return;
    }
    throw unauthorized(ctx, "Bearer");
  }

  private RegisteredClient basicClient(Context ctx, String authorization) {
    try {
      HTTPRequest request =
          new HTTPRequest(HTTPRequest.Method.GET, java.net.URI.create("https://localhost/"));
      request.setHeader("Authorization", authorization);
      ClientAuthentication auth = ClientSecretBasic.parse(request);
      return clients.authenticate(auth);
    } catch (com.nimbusds.oauth2.sdk.ParseException | ClientAuthenticationException e) {
      throw unauthorized(ctx, "Basic realm=\"" + OAuthHttp.REALM + "\"");
    }
  }

  private static List<String> scopes(JWTClaimsSet claims) {
    try {
      String scope = claims.getStringClaim("scope");
      return scope == null ? List.of() : List.of(scope.split(" "));
    } catch (ParseException e) {
      return List.of();
    }
  }

  private static ProblemException unauthorized(Context ctx, String challenge) {
    ctx.header("WWW-Authenticate", challenge);
    return ProblemException.unauthorized("a client with scope " + SCOPE + " must authenticate");
  }
}
