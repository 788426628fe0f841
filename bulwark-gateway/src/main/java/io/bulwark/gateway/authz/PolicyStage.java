package io.bulwark.gateway.authz;

import io.bulwark.core.problem.Problem;
import io.bulwark.gateway.chain.Attributes;
import io.bulwark.gateway.chain.RequestStage;
import io.bulwark.gateway.chain.RequestView;
import io.bulwark.gateway.chain.StageFactory;
import io.bulwark.gateway.chain.StageResult;
import io.bulwark.gateway.config.RouteConfig.PolicyBinding;
import io.bulwark.policy.Decision;
import io.bulwark.policy.PolicySet;
import io.bulwark.policy.Principal;
import io.bulwark.policy.RequestContext;
import io.bulwark.policy.Resource;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Authorizes a request with the policy engine. The resource kind comes from the route's {@code
 * resource} binding, the resource id from the named path parameter ({@code *} without one), the
 * action from the binding or else the lower-case method; the resource's attributes are the path
 * parameters. The principal is what authentication left in {@link Attributes#PRINCIPAL}, {@link
 * Attributes#ROLES} and {@link Attributes#CLAIMS}, or the anonymous principal. A denial answers 401
 * for an anonymous caller and 403 otherwise; the policy's explanation is not shown to the client.
 * Thread-safe; the policy set is read per request so a reload applies at once.
 */
public final class PolicyStage implements RequestStage {
  private final Supplier<PolicySet> policies;
  private final Clock clock;
  private final PolicyBinding binding;
  private final PrincipalCache principals;

  PolicyStage(
      Supplier<PolicySet> policies, Clock clock, PolicyBinding binding, PrincipalCache principals) {
    this.policies = policies;
    this.clock = clock;
    this.binding = binding;
    this.principals = principals;
  }

  /** A factory adding this stage to every route that names a resource. */
  public static StageFactory factory(Supplier<PolicySet> policies, Clock clock) {
    PrincipalCache principals = new PrincipalCache(PrincipalCache.DEFAULT_SIZE);
    return route ->
        route.resource() == null
            ? Optional.empty()
            : Optional.of(new PolicyStage(policies, clock, route.resource(), principals));
  }

  @Override
  public CompletionStage<StageResult> apply(RequestView request) {
    Principal principal = principal(request.attributes());
    String id =
        binding.idParam() == null ? "*" : request.pathParams().getOrDefault(binding.idParam(), "*");
    Resource resource =
        new Resource(binding.kind(), id, Map.<String, Object>copyOf(request.pathParams()));
    String action =
        binding.action() != null ? binding.action() : request.method().toLowerCase(Locale.ROOT);
    RequestContext context =
        new RequestContext(
            clock.instant(), request.sourceIp(), request.method(), request.path(), "");
    Decision decision = policies.get().decide(principal, resource, action, context);
    if (decision.allowed()) {
      return CompletableFuture.completedFuture(StageResult.proceed());
    }
    StageResult result =
        principal.isAnonymous()
            ? new StageResult.Reject(
                Problem.of(401, "unauthorized", "Unauthorized", "authentication is required"),
                Map.of("WWW-Authenticate", "Bearer"))
            : StageResult.reject(
                Problem.of(
                    403,
                    "forbidden",
                    "Forbidden",
                    "the policy does not allow " + action + " on " + binding.kind()));
    return CompletableFuture.completedFuture(result);
  }

  private Principal principal(Attributes attributes) {
    Optional<String> id = attributes.get(Attributes.PRINCIPAL);
    if (id.isEmpty()) {
      return Principal.anonymous();
    }
    Set<String> roles = attributes.get(Attributes.ROLES).orElse(Set.of());
    Map<String, Object> claims = attributes.get(Attributes.CLAIMS).orElse(Map.of());
    return principals.principal(id.get(), roles, claims);
  }
}
