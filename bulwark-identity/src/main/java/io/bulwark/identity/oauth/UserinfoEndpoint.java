package io.bulwark.identity.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import io.bulwark.identity.store.UserAccount;
import io.bulwark.identity.store.UserStore;
import io.javalin.http.Context;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OIDC UserInfo endpoint (OIDC Core §5.3): for an active access token with scope {@code
 * openid}, the user's {@code sub}, {@code preferred_username}, roles, groups and attributes. Errors
 * are RFC 6750 challenges in {@code WWW-Authenticate} with an empty body.
 */
public final class UserinfoEndpoint {
  private final TokenStatus status;
  private final UserStore users;

  UserinfoEndpoint(TokenStatus status, UserStore users) {
    this.status = status;
    this.users = users;
  }

  /** Handles {@code GET /userinfo}. */
  public void handle(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      challenge(ctx, 401, "Bearer");
      return;
    }
    Optional<JWTClaimsSet> claims = status.activeAccessToken(authorization.substring(7).strip());
    if (claims.isEmpty()) {
      challenge(ctx, 401, "Bearer error=\"invalid_token\"");
      return;
    }
    String scope;
    try {
      scope = claims.get().getStringClaim("scope");
    } catch (ParseException e) {
      scope = null;
    }
    if (scope == null || !List.of(scope.split(" ")).contains("openid")) {
      challenge(ctx, 403, "Bearer error=\"insufficient_scope\", scope=\"openid\"");
      return;
    }
    Optional<UserAccount> user = users.findById(claims.get().getSubject());
    if (user.isEmpty()) {
      challenge(ctx, 401, "Bearer error=\"invalid_token\"");
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sub", user.get().id());
    body.put("preferred_username", user.get().username());
    body.put("roles", user.get().roles());
    body.put("groups", user.get().groups());
    body.putAll(new java.util.TreeMap<>(user.get().attributes()));
    ctx.header("Cache-Control", "no-store");
    ctx.json(body);
  }

  private static void challenge(Context ctx, int status, String value) {
    ctx.status(status);
    ctx.header("WWW-Authenticate", value);
    ctx.result("");
  }
}
