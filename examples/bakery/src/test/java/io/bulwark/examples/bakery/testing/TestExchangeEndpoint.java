package io.bulwark.examples.bakery.testing;

import io.bulwark.sdk.token.InvalidTokenException;
import io.bulwark.sdk.token.TokenVerifier;
import io.bulwark.sdk.token.VerifiedToken;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in identity token endpoint for RFC 8693 token exchange, as the real one behaves for the
 * bakery: client {@code orders-service} with {@code secret} presents a user token issued for {@code
 * orders} and gets one for {@code payments} with the user's subject and roles and {@code act.sub}
 * the service, never outliving the user token; revoked user tokens (by {@code jti}) are {@code
 * invalid_grant}.
 */
public final class TestExchangeEndpoint {
  public static final String CLIENT_ID = "orders-service";
  public static final String SECRET = "orders-secret";
  public static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
  public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

  private final TokenVerifier ordersTokens = TestIdentity.verifier("orders");
  private final Set<String> revoked = ConcurrentHashMap.newKeySet();
  private final AtomicInteger exchanges = new AtomicInteger();
  private final List<Map<String, List<String>>> requests =
      java.util.Collections.synchronizedList(new ArrayList<>());

  public void routes(RoutesConfig routes) {
    routes.post("/oauth2/token", this::token);
  }

  /** Makes every later exchange of the user token with this {@code jti} fail. */
  public void revoke(String jti) {
    revoked.add(jti);
  }

  /** Successful exchanges so far. */
  public int exchanges() {
    return exchanges.get();
  }

  /** The form parameters of every request received. */
  public List<Map<String, List<String>>> requests() {
    return List.copyOf(requests);
  }

  private void token(Context ctx) {
    requests.add(ctx.formParamMap());
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
    if (!basic.equals(ctx.header("Authorization"))) {
      error(ctx, 401, "invalid_client");
      return;
    }
    if (!GRANT.equals(ctx.formParam("grant_type"))
        || !ACCESS_TOKEN_TYPE.equals(ctx.formParam("subject_token_type"))) {
      error(ctx, 400, "invalid_request");
      return;
    }
    if (!"payments".equals(ctx.formParam("audience"))) {
      error(ctx, 400, "invalid_target");
      return;
    }
    VerifiedToken subject;
    try {
      subject = ordersTokens.verify(ctx.formParam("subject_token"));
    } catch (InvalidTokenException e) {
      error(ctx, 400, "invalid_grant");
      return;
    }
    if (revoked.contains(subject.jwtId())) {
      error(ctx, 400, "invalid_grant");
      return;
    }
    Instant expires = subject.expiresAt();
    String token =
        TestIdentity.delegated(
            subject.subject(), CLIENT_ID, "payments", List.copyOf(subject.roles()), expires);
    exchanges.incrementAndGet();
    ctx.status(200)
        .contentType("application/json")
        .header("Cache-Control", "no-store")
        .result(
            "{\"access_token\":\""
                + token
                + "\",\"issued_token_type\":\""
                + ACCESS_TOKEN_TYPE
                + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + Math.max(1, expires.getEpochSecond() - Instant.now().getEpochSecond())
                + "}");
  }

  private static void error(Context ctx, int status, String code) {
    ctx.status(status).contentType("application/json").result("{\"error\":\"" + code + "\"}");
  }
}
