package io.bulwark.policy.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.core.http.HttpServer;
import io.bulwark.core.problem.Problem;
import io.bulwark.core.problem.ProblemException;
import io.bulwark.policy.Decision;
import io.bulwark.policy.Effect;
import io.bulwark.policy.PolicySet;
import io.bulwark.policy.Principal;
import io.bulwark.policy.RequestContext;
import io.bulwark.policy.RouteMatch;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The decision endpoints, mounted on a core {@link HttpServer}:
 *
 * <ul>
 *   <li>{@code POST /v1/check}: one principal, a batch of resources and actions, answered with
 *       effects and explanations;
 *   <li>{@code /v1/authz/nginx}: nginx {@code auth_request}; the original method and URI come in
 *       {@code X-Original-Method} and {@code X-Original-URI};
 *   <li>{@code /v1/authz/envoy/**}: Envoy's HTTP {@code ext_authz} service, which sends the
 *       original method and the original path after this prefix.
 * </ul>
 *
 * <p>The proxy endpoints map the request to a resource and action with the policy set's {@link
 * io.bulwark.policy.RouteMap}, identify the caller with a {@link PrincipalResolver} and answer 200
 * (allowed, with the principal in {@code X-Bulwark-Principal}), 401 (no or bad token, when signing
 * in could change the answer) or 403 (denied, or no route: deny by default). Every decision is
 * counted as {@code policy.decisions{api,effect}}.
 *
 * @see <a href="https://nginx.org/en/docs/http/ngx_http_auth_request_module.html">nginx
 *     auth_request</a>
 * @see <a
 *     href="https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/ext_authz_filter">Envoy
 *     ext_authz</a>
 */
public final class DecisionApi {
  /** Path of the batch check endpoint. */
  public static final String CHECK_PATH = "/v1/check";

  /** Path of the nginx auth_request endpoint. */
  public static final String NGINX_PATH = "/v1/authz/nginx";

  /** Path prefix of the Envoy ext_authz endpoint. */
  public static final String ENVOY_PREFIX = "/v1/authz/envoy";

  /** Response header naming the allowed principal. */
  public static final String PRINCIPAL_HEADER = "X-Bulwark-Principal";

  private static final List<HandlerType> METHODS =
      List.of(
          HandlerType.GET,
          HandlerType.HEAD,
          HandlerType.POST,
          HandlerType.PUT,
          HandlerType.PATCH,
          HandlerType.DELETE,
          HandlerType.OPTIONS);
  private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");
  private static final Pattern BEARER = Pattern.compile("(?i)bearer +([A-Za-z0-9\\-._~+/]+=*) *");

  private final Supplier<PolicySet> policies;
  private final PrincipalResolver resolver;
  private final MeterRegistry meters;
  private final Clock clock;

  /**
   * Endpoints deciding with the set {@code policies} supplies at each request (so a reload takes
   * effect at once).
   */
  public DecisionApi(
      Supplier<PolicySet> policies, PrincipalResolver resolver, MeterRegistry meters, Clock clock) {
    this.policies = Objects.requireNonNull(policies, "policies");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Declares the endpoints on a server's routes. */
  public void routes(RoutesConfig routes) {
    routes.post(CHECK_PATH, this::check);
    for (HandlerType method : METHODS) {
      routes.addHttpHandler(method, NGINX_PATH, this::nginx);
      routes.addHttpHandler(method, ENVOY_PREFIX, this::envoy);
      routes.addHttpHandler(method, ENVOY_PREFIX + "/<path>", this::envoy);
    }
  }

  private void check(Context ctx) {
    CheckRequest request = CheckRequest.parse(ctx.bodyAsClass(JsonNode.class), clock.instant());
    PolicySet set = policies.get();
    List<Map<String, Object>> results = new java.util.ArrayList<>();
    for (CheckRequest.Item item : request.items()) {
      Map<String, Decision> decisions =
          set.decideAll(request.principal(), item.resource(), item.actions(), request.context());
      Map<String, Object> actions = new LinkedHashMap<>();
      decisions.forEach((action, decision) -> {
        count("check", decision.effect());
        actions.put(action, json(decision));
      });
      Map<String, Object> result = new LinkedHashMap<>();
      Map<String, Object> resource = new LinkedHashMap<>();
      resource.put("kind", item.resource().kind());
      resource.put("id", item.resource().id());
      result.put("resource", resource);
      result.put("actions", actions);
      results.add(result);
    }
    ctx.json(Map.of("results", results));
  }

  private static Map<String, Object> json(Decision decision) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("effect", decision.effect().name());
    out.put("policy", decision.policy());
    out.put("rule", decision.rule());
    out.put("explanation", decision.explanation());
    return out;
  }

  private void nginx(Context ctx) {
    String method = ctx.header("X-Original-Method");
    if (method == null || !METHOD.matcher(method).matches()) {
      throw ProblemException.badRequest("X-Original-Method must hold the original HTTP method");
    }
    String uri = ctx.header("X-Original-URI");
    if (uri == null) {
      throw ProblemException.badRequest("X-Original-URI must hold the original request URI");
    }
    authorize(ctx, "nginx", method, uri, PRINCIPAL_HEADER);
  }

  private void envoy(Context ctx) {
    String raw = ctx.req().getRequestURI();
    String original =
        raw.length() > ENVOY_PREFIX.length() ? raw.substring(ENVOY_PREFIX.length()) : "/";
    authorize(
        ctx, "envoy", ctx.method().name(), original, PRINCIPAL_HEADER.toLowerCase(Locale.ROOT));
  }

  private void authorize(Context ctx, String api, String method, String uri, String header) {
    List<String> segments = RequestPath.segments(uri);
    String path = RequestPath.join(segments);
    Principal principal = caller(ctx);
    ctx.req().setAttribute(HttpServer.PRINCIPAL_ATTRIBUTE, principal.id());
    PolicySet set = policies.get();
    Optional<RouteMatch> route = set.routes().match(method, segments);
    if (route.isEmpty()) {
      count(api, Effect.DENY);
      throw deny(principal, "No route matches this request; denied by default");
    }
    RouteMatch match = route.get();
    RequestContext context = new RequestContext(clock.instant(), sourceIp(ctx), method, path, "");
    Decision decision = set.decide(principal, match.resource(), match.action(), context);
    count(api, decision.effect());
    if (!decision.allowed()) {
      throw deny(principal, "The policy does not allow this request");
    }
    ctx.status(200);
    ctx.header(header, principal.id());
  }

  private Principal caller(Context ctx) {
    String authorization = ctx.header("Authorization");
    if (authorization == null) {
      return Principal.anonymous();
    }
    var bearer = BEARER.matcher(authorization);
    if (!bearer.matches()) {
      throw unauthorized(ctx, "invalid_request", "The Authorization header is not a bearer token");
    }
    try {
      return resolver
          .resolve(bearer.group(1))
          .orElseThrow(() -> unauthorized(ctx, "invalid_token", "The token names no principal"));
    } catch (RejectedCredentialsException e) {
      throw unauthorized(ctx, "invalid_token", "The token was rejected");
    }
  }

  private ProblemException deny(Principal principal, String detail) {
    if (principal.isAnonymous()) {
      return new ProblemException(
          Problem.of(401, "unauthorized", "Unauthorized", detail + "; sign in and retry"));
    }
    return ProblemException.forbidden(detail);
  }

  private static ProblemException unauthorized(Context ctx, String error, String detail) {
    ctx.header("WWW-Authenticate", "Bearer error=\"" + error + "\"");
    return ProblemException.unauthorized(detail);
  }

  private static String sourceIp(Context ctx) {
    String real = ctx.header("X-Real-IP");
    if (real != null && real.length() <= 64) {
      return real.trim();
    }
    String forwarded = ctx.header("X-Forwarded-For");
    if (forwarded != null && forwarded.length() <= 1024) {
      return forwarded.split(",", 2)[0].trim();
    }
    return ctx.ip();
  }

  private void count(String api, Effect effect) {
    Counter.builder("policy.decisions")
        .description("Policy decisions made through the decision API")
        .tag("api", api)
        .tag("effect", effect.name().toLowerCase(Locale.ROOT))
        .register(meters)
        .increment();
  }
}
