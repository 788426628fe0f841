package io.bulwark.identity.oauth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.Outcome;
import io.bulwark.identity.IdentityAudit;
import io.bulwark.identity.client.ClientSecrets;
import io.bulwark.identity.store.AuthorizationCode;
import io.bulwark.identity.store.BrowserSession;
import io.bulwark.identity.store.ClientStore;
import io.bulwark.identity.store.GrantStore;
import io.bulwark.identity.store.RegisteredClient;
import io.bulwark.identity.store.UserAccount;
import io.bulwark.identity.user.LoginThrottle;
import io.bulwark.identity.user.TotpService;
import io.bulwark.identity.user.UserDirectory;
import io.bulwark.identity.web.Pages;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The authorization endpoint (RFC 6749 §4.1 with OAuth 2.1 rules) and its sign-in pages. Only the
 * code flow with PKCE S256 is accepted. The client and the exact redirect URI are checked first:
 * while either is in doubt errors are shown on a page and never redirected (no open redirect).
 * After that, errors go back to the client with {@code state} and {@code iss} (RFC 9207). The login
 * form is bound to the browser by a {@code __Host-} cookie and a CSRF token; first-party clients
 * skip consent.
 */
public final class AuthorizationEndpoint {
  /** How long a sign-in form stays usable. */
  public static final Duration PENDING_TTL = Duration.ofMinutes(10);

  /** Most sign-in forms open at once (older ones are dropped first). */
  public static final int MAX_PENDING = 10_000;

  /** The cookie that binds a sign-in form to its browser. */
  public static final String COOKIE = "__Host-bulwark-login";

  private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");
  private static final int MAX_STATE = 512;

  private final Endpoints endpoints;
  private final ClientStore clients;
  private final GrantStore grants;
  private final UserDirectory users;
  private final IdentityAudit audit;
  private final Duration codeTtl;
  private final Clock clock;
  private final Cache<String, PendingAuthorization> pending;
  private final LoginThrottle throttle;
  private final TotpService totp;
  private final BrowserSessions browserSessions;

  AuthorizationEndpoint(
      BrowserSessions browserSessions,
      Endpoints endpoints,
      ClientStore clients,
      GrantStore grants,
      UserDirectory users,
      TotpService totp,
      IdentityAudit audit,
      Duration codeTtl,
      Clock clock) {
    this.totp = totp;
    this.browserSessions = browserSessions;
    this.endpoints = endpoints;
    this.clients = clients;
    this.grants = grants;
    this.users = users;
    this.audit = audit;
    this.codeTtl = codeTtl;
    this.clock = clock;
    this.pending =
        Caffeine.newBuilder().maximumSize(MAX_PENDING).expireAfterWrite(PENDING_TTL).build();
    this.throttle = new LoginThrottle(clock);
  }

  /** Handles {@code GET /oauth2/authorize}. */
  public void authorize(Context ctx) {
    Map<String, List<String>> params = ctx.queryParamMap();
    try {
      OAuthHttp.checkParameters(params);
    } catch (OAuthException e) {
      page(ctx, 400, "Invalid request", e.error().getDescription(), null);
      return;
    }
    String clientId = first(params, "client_id");
    Optional<RegisteredClient> found = clientId == null ? Optional.empty() : clients.find(clientId);
    if (found.isEmpty()
        || found.get().disabled()
        || !found.get().grantTypes().contains("authorization_code")) {
      page(ctx, 400, "Unknown client", "The application is not registered for sign-in.", null);
      return;
    }
    RegisteredClient client = found.get();
    String redirectUri = first(params, "redirect_uri");
    if (redirectUri == null || !client.redirectUris().contains(redirectUri)) {
      audit.record(
          "auth.authorize.rejected",
          Outcome.FAILURE,
          new Actor(null, client.clientId(), ClientAddress.of(ctx), null),
          "client:" + client.clientId(),
          "authorize",
          "redirect_uri not registered",
          Map.of());
      page(
          ctx,
          400,
          "Invalid redirect",
          "The redirect URI is not registered for this application.",
          null);
      return;
    }
    String state = first(params, "state");
    String error = problemWith(params, client);
    if (error != null) {
      int space = error.indexOf(' ');
      redirect(
          ctx,
          redirectUri,
          errorParams(error.substring(0, space), error.substring(space + 1), state));
      return;
    }
    Set<String> prompt = Scopes.parse(first(params, "prompt"));
    Optional<BrowserSessions.Current> session = reusableSession(ctx, params, prompt);
    if (prompt.contains("none")) {
      if (session.isEmpty()) {
        redirect(ctx, redirectUri, errorParams("login_required", "the user must sign in", state));
        return;
      }
      if (!client.firstParty()) {
        redirect(ctx, redirectUri, errorParams("consent_required", "the user must consent", state));
        return;
      }
    }
    PendingAuthorization request = begin(ctx, client, redirectUri, params, state);
    if (session.isPresent()) {
      BrowserSession s = session.get().session();
      String userId = session.get().user().id();
      audit.record(
          "auth.sso",
          Outcome.SUCCESS,
          new Actor(userId, client.clientId(), ClientAddress.of(ctx), null),
          "user:" + userId,
          "login",
          null,
          Map.of("amr", String.join(" ", s.amr()), "auth_time", s.authTime().toString()));
      proceed(ctx, request.signedIn(session.get().user(), s.authTime(), s.amr(), false));
      return;
    }
    html(
        ctx,
        200,
        Pages.login(client.clientId(), request.id(), request.csrf(), null, null),
        redirectUri);
  }

  /**
   * The browser's single sign-on session, unless the request asks to sign in again ({@code
   * prompt=login}) or the sign-in is older than {@code max_age}.
   */
  private Optional<BrowserSessions.Current> reusableSession(
      Context ctx, Map<String, List<String>> params, Set<String> prompt) {
    if (prompt.contains("login")) {
      return Optional.empty();
    }
    Optional<BrowserSessions.Current> session = browserSessions.current(ctx);
    String maxAge = first(params, "max_age");
    if (session.isPresent() && maxAge != null) {
      Instant oldest = clock.instant().minusSeconds(Long.parseLong(maxAge));
      if (session.get().session().authTime().isBefore(oldest)) {
        return Optional.empty();
      }
    }
    return session;
  }

  /** Returns "error_code description" for the first problem, or null. */
  private static String problemWith(Map<String, List<String>> params, RegisteredClient client) {
    if (params.containsKey("request") || params.containsKey("request_uri")) {
      return "request_not_supported request objects are not supported";
    }
    if (!"code".equals(first(params, "response_type"))) {
      return "unsupported_response_type only response_type=code is supported";
    }
    String method = first(params, "code_challenge_method");
    String challenge = first(params, "code_challenge");
    if (challenge == null || method == null) {
      return "invalid_request PKCE is required: send code_challenge with code_challenge_method=S256";
    }
    if (!"S256".equals(method)) {
      return "invalid_request code_challenge_method must be S256";
    }
    if (!CHALLENGE.matcher(challenge).matches()) {
      return "invalid_request code_challenge is malformed";
    }
    String state = first(params, "state");
    if (state != null && state.length() > MAX_STATE) {
      return "invalid_request state is too long";
    }
    for (String scope : Scopes.parse(first(params, "scope"))) {
      if (!client.scopes().contains(scope)) {
        return "invalid_scope scope not allowed for this client";
      }
    }
    String maxAge = first(params, "max_age");
    if (maxAge != null && !maxAge.matches("[0-9]{1,9}")) {
      return "invalid_request max_age must be a number of seconds";
    }
    Set<String> prompt = Scopes.parse(first(params, "prompt"));
    if (prompt.contains("none") && prompt.size() > 1) {
      return "invalid_request prompt=none cannot be combined with other values";
    }
    return null;
  }

  private PendingAuthorization begin(
      Context ctx,
      RegisteredClient client,
      String redirectUri,
      Map<String, List<String>> params,
      String state) {
    String cookie = Randoms.token(32);
    Set<String> scope = Scopes.parse(first(params, "scope"));
    PendingAuthorization request =
        new PendingAuthorization(
            Randoms.token(24),
            client,
            redirectUri,
            scope,
            state,
            first(params, "nonce"),
            first(params, "code_challenge"),
            ClientSecrets.hash(cookie),
            Randoms.token(24),
            null,
            null,
            List.of(),
            false);
    pending.put(request.id(), request);
    Cookie c = new Cookie(COOKIE, cookie);
    c.setSecure(true);
    c.setHttpOnly(true);
    c.setPath("/");
    c.setSameSite(SameSite.LAX);
    c.setMaxAge((int) PENDING_TTL.toSeconds());
    ctx.cookie(c);
    return request;
  }

  /** Handles {@code POST /login}. */
  public void login(Context ctx) {
    Optional<PendingAuthorization> found = checkForm(ctx);
    if (found.isEmpty()) {
      return;
    }
    PendingAuthorization request = found.get();
    String username = ctx.formParam("username");
    String password = ctx.formParam("password");
    Actor actor = new Actor(username, request.client().clientId(), ClientAddress.of(ctx), null);
    Optional<LoginThrottle.Refusal> refused = throttle.check(username, ClientAddress.of(ctx));
    if (refused.isPresent()) {
      refuseThrottled(ctx, request, actor, username, refused.get());
      return;
    }
    Optional<UserAccount> user =
        username == null || password == null
            ? Optional.empty()
            : users.authenticate(username, password);
    if (user.isEmpty()) {
      audit.record(
          "auth.login.failed",
          Outcome.FAILURE,
          actor,
          "user:" + username,
          "login",
          "bad user name or password",
          Map.of());
      throttle
          .failure(username, ClientAddress.of(ctx))
          .lockedOut()
          .ifPresent(scope ->
              audit.record(
                  "auth.lockout",
                  Outcome.DENIED,
                  actor,
                  scope.equals("account") ? "user:" + username : "address:" + ClientAddress.of(ctx),
                  "login",
                  "too many failed sign-in attempts",
                  Map.of(
                      "scope",
                      scope,
                      "minutes",
                      Long.toString(LoginThrottle.LOCKOUT.toMinutes()))));
      loginForm(ctx, request, username, 200, "Wrong user name or password.");
      return;
    }
    throttle.success(username);
    if (totp.required(user.get().id())) {
      PendingAuthorization half =
          request.signedIn(user.get(), clock.instant(), List.of("pwd"), true);
      pending.put(request.id(), half);
      html(
          ctx,
          200,
          Pages.otp(request.client().clientId(), request.id(), request.csrf(), null),
          request.redirectUri());
      return;
    }
    audit.record(
        "auth.login.succeeded",
        Outcome.SUCCESS,
        actor.withPrincipal(user.get().id()),
        "user:" + user.get().id(),
        "login",
        null,
        Map.of("amr", "pwd"));
    Instant authTime = clock.instant();
    browserSessions.start(ctx, user.get(), authTime, List.of("pwd"));
    proceed(ctx, request.signedIn(user.get(), authTime, List.of("pwd"), false));
  }

  /** Handles {@code POST /login/otp}: the second factor after a correct password. */
  public void otp(Context ctx) {
    Optional<PendingAuthorization> found = checkForm(ctx);
    if (found.isEmpty()) {
      return;
    }
    PendingAuthorization request = found.get();
    if (request.user() == null || !request.awaitingOtp()) {
      page(ctx, 400, "Sign in first", "Start again from the application.", null);
      return;
    }
    UserAccount user = request.user();
    Actor actor = new Actor(user.id(), request.client().clientId(), ClientAddress.of(ctx), null);
    Optional<LoginThrottle.Refusal> refused =
        throttle.check(user.username(), ClientAddress.of(ctx));
    if (refused.isPresent()) {
      long wait = Math.max(1, Duration.between(clock.instant(), refused.get().until()).toSeconds());
      ctx.header("Retry-After", Long.toString(wait));
      html(
          ctx,
          429,
          Pages.otp(
              request.client().clientId(),
              request.id(),
              request.csrf(),
              "Too many failed attempts. Try again in " + wait + " seconds."),
          request.redirectUri());
      return;
    }
    if (!totp.verify(user.id(), ctx.formParam("code"))) {
      audit.record(
          "auth.mfa.failed",
          Outcome.FAILURE,
          actor,
          "user:" + user.id(),
          "login",
          "wrong, expired or replayed one-time code",
          Map.of());
      throttle.failure(user.username(), ClientAddress.of(ctx));
      html(
          ctx,
          200,
          Pages.otp(
              request.client().clientId(),
              request.id(),
              request.csrf(),
              "That code is not valid. Enter the current code from your authenticator."),
          request.redirectUri());
      return;
    }
    throttle.success(user.username());
    audit.record(
        "auth.login.succeeded",
        Outcome.SUCCESS,
        actor,
        "user:" + user.id(),
        "login",
        null,
        Map.of("amr", "pwd otp"));
    browserSessions.start(ctx, user, request.authTime(), List.of("pwd", "otp"));
    proceed(ctx, request.signedIn(user, request.authTime(), List.of("pwd", "otp"), false));
  }

  private void proceed(Context ctx, PendingAuthorization signedIn) {
    PendingAuthorization request = signedIn;
    if (request.client().firstParty()) {
      pending.invalidate(request.id());
      complete(ctx, signedIn);
      return;
    }
    pending.put(request.id(), signedIn);
    html(
        ctx,
        200,
        Pages.consent(
            request.client().clientId(),
            request.id(),
            request.csrf(),
            Scopes.join(request.scope())),
        request.redirectUri());
  }

  private void refuseThrottled(
      Context ctx,
      PendingAuthorization request,
      Actor actor,
      String username,
      LoginThrottle.Refusal refusal) {
    long wait = Math.max(1, Duration.between(clock.instant(), refusal.until()).toSeconds());
    // Still a failed sign-in attempt: the detection rules (brute-force-account, brute-force-ip)
    // count auth.login.failed, and an attacker's rate shows only if refused attempts count too.
    audit.record(
        "auth.login.failed",
        Outcome.DENIED,
        actor,
        "user:" + username,
        "login",
        "throttled: " + (refusal.lockout() ? "locked out by " : "delayed by ") + refusal.scope(),
        Map.of("throttled", refusal.scope(), "retry_after_seconds", Long.toString(wait)));
    ctx.header("Retry-After", Long.toString(wait));
    loginForm(
        ctx,
        request,
        username,
        429,
        "Too many failed sign-in attempts. Try again in " + wait + " seconds.");
  }

  private void loginForm(
      Context ctx, PendingAuthorization request, String username, int status, String error) {
    html(
        ctx,
        status,
        Pages.login(request.client().clientId(), request.id(), request.csrf(), username, error),
        request.redirectUri());
  }

  /** Handles {@code POST /consent}. */
  public void consent(Context ctx) {
    Optional<PendingAuthorization> found = checkForm(ctx);
    if (found.isEmpty()) {
      return;
    }
    PendingAuthorization request = found.get();
    pending.invalidate(request.id());
    if (request.user() == null || request.awaitingOtp()) {
      page(ctx, 400, "Sign in first", "Start again from the application.", null);
      return;
    }
    if (!"allow".equals(ctx.formParam("decision"))) {
      redirect(
          ctx,
          request.redirectUri(),
          errorParams("access_denied", "the user denied access", request.state()));
      return;
    }
    complete(ctx, request);
  }

  /** The pending request a form post belongs to, after the CSRF checks; empty if answered. */
  private Optional<PendingAuthorization> checkForm(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
      page(ctx, 400, "Invalid request", "The form could not be read.", null);
      return Optional.empty();
    }
    try {
      OAuthHttp.checkParameters(ctx.formParamMap());
    } catch (OAuthException e) {
      page(ctx, 400, "Invalid request", e.error().getDescription(), null);
      return Optional.empty();
    }
    String id = ctx.formParam("request");
    PendingAuthorization request = id == null ? null : pending.getIfPresent(id);
    if (request == null) {
      page(
          ctx,
          400,
          "Sign-in expired",
          "This sign-in form has expired. Start again from the application.",
          null);
      return Optional.empty();
    }
    String cookie = ctx.cookie(COOKIE);
    boolean cookieOk = cookie != null && ClientSecrets.matches(cookie, request.cookieHash());
    String csrf = ctx.formParam("csrf");
    boolean csrfOk =
        csrf != null
            && MessageDigest.isEqual(
                csrf.getBytes(StandardCharsets.UTF_8),
                request.csrf().getBytes(StandardCharsets.UTF_8));
    if (!cookieOk || !csrfOk) {
      audit.record(
          "auth.login.csrf",
          Outcome.DENIED,
          new Actor(null, request.client().clientId(), ClientAddress.of(ctx), null),
          "client:" + request.client().clientId(),
          "login",
          cookieOk ? "CSRF token mismatch" : "sign-in cookie missing or wrong",
          Map.of());
      page(
          ctx,
          403,
          "Request refused",
          "This form was not sent from this browser's sign-in page.",
          null);
      return Optional.empty();
    }
    return Optional.of(request);
  }

  private void complete(Context ctx, PendingAuthorization request) {
    String code = Randoms.token(32);
    grants.saveCode(
        new AuthorizationCode(
            ClientSecrets.hash(code),
            request.client().clientId(),
            request.user().id(),
            request.redirectUri(),
            Scopes.join(request.scope()),
            request.codeChallenge(),
            request.nonce(),
            request.authTime(),
            clock.instant().plus(codeTtl),
            request.amr()));
    ctx.removeCookie(COOKIE, "/");
    Map<String, String> params = new LinkedHashMap<>();
    params.put("code", code);
    if (request.state() != null) {
      params.put("state", request.state());
    }
    params.put("iss", endpoints.issuer().toString());
    redirect(ctx, request.redirectUri(), params);
  }

  private Map<String, String> errorParams(String error, String description, String state) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("error", error);
    params.put("error_description", description);
    if (state != null) {
      params.put("state", state);
    }
    params.put("iss", endpoints.issuer().toString());
    return params;
  }

  private static void redirect(Context ctx, String redirectUri, Map<String, String> params) {
    StringBuilder location = new StringBuilder(redirectUri);
    char separator = redirectUri.contains("?") ? '&' : '?';
    for (Map.Entry<String, String> p : params.entrySet()) {
      location
          .append(separator)
          .append(URLEncoder.encode(p.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    ctx.status(303);
    ctx.header("Location", location.toString());
    ctx.header("Cache-Control", "no-store");
    ctx.header("Referrer-Policy", "no-referrer");
  }

  private static void page(
      Context ctx, int status, String title, String message, String formTarget) {
    html(ctx, status, Pages.error(title, message), formTarget);
  }

  private static void html(Context ctx, int status, String body, String redirectUri) {
    ctx.status(status);
    ctx.header("Content-Security-Policy", Pages.contentSecurityPolicy(origin(redirectUri)));
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
    ctx.contentType("text/html; charset=utf-8");
    ctx.result(body);
  }

  private static String origin(String uri) {
    if (uri == null) {
      return null;
    }
    URI u = URI.create(uri);
    return u.getScheme() + "://" + u.getRawAuthority();
  }

  private static String first(Map<String, List<String>> params, String name) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
