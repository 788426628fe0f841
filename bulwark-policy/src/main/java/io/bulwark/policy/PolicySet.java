package io.bulwark.policy;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compiled policies, immutable and safe to share between threads; swap the whole set to reload.
 *
 * <p>Decision order: the principal policy for the principal's id first, then the resource policy
 * for the resource kind; within a policy a matching deny rule beats any allow rule; when no rule
 * matches the answer is deny. A condition that fails to evaluate does not satisfy an allow rule and
 * does satisfy a deny rule (fail closed). See {@code docs/policy.md}.
 */
public final class PolicySet {
  private final Map<String, ResourcePolicy> resources;
  private final Map<String, PrincipalPolicy> principals;
  private final RouteMap routes;

  PolicySet(
      Map<String, ResourcePolicy> resources,
      Map<String, PrincipalPolicy> principals,
      RouteMap routes) {
    this.resources = Map.copyOf(resources);
    this.principals = Map.copyOf(principals);
    this.routes = Objects.requireNonNull(routes, "routes");
  }

  /** A set without policies: every decision is a default deny. */
  public static PolicySet empty() {
    return new PolicySet(Map.of(), Map.of(), RouteMap.empty());
  }

  /** The routes of the {@code routeMap} documents, for proxy authorization endpoints. */
  public RouteMap routes() {
    return routes;
  }

  /** How many principal policies the set holds. */
  public int principalPolicyCount() {
    return principals.size();
  }

  /** The resource kinds that have a resource policy, sorted. */
  public Set<String> resourceKinds() {
    return new TreeSet<>(resources.keySet());
  }

  /** Decides whether {@code principal} may perform {@code action} on {@code resource}. */
  public Decision decide(
      Principal principal, Resource resource, String action, RequestContext context) {
    Objects.requireNonNull(action, "action");
    return decide(new Evaluation(principal, resource, context), resource, action);
  }

  /**
   * Decides several actions on one resource at once, evaluating shared derived roles once; the
   * result keeps the order of {@code actions}.
   */
  public Map<String, Decision> decideAll(
      Principal principal, Resource resource, Collection<String> actions, RequestContext context) {
    Evaluation evaluation = new Evaluation(principal, resource, context);
    Map<String, Decision> out = new LinkedHashMap<>();
    for (String action : actions) {
      out.put(action, decide(evaluation, resource, Objects.requireNonNull(action, "action")));
    }
    return out;
  }

  private Decision decide(Evaluation evaluation, Resource resource, String action) {
    PrincipalPolicy override = principals.get(evaluation.principal().id());
    if (override != null) {
      Decision decided =
          RuleMatcher.apply(
              override.rulesFor(resource.kind(), action), evaluation, resource, action);
      if (decided != null) {
        return decided;
      }
    }
    ResourcePolicy policy = resources.get(resource.kind());
    if (policy == null) {
      return new Decision(
          Effect.DENY,
          "",
          "",
          "no resource policy for kind '" + resource.kind() + "'; denied by default");
    }
    Decision decided =
        RuleMatcher.apply(policy.rules().rulesFor(action), evaluation, resource, action);
    if (decided != null) {
      return decided;
    }
    return new Decision(
        Effect.DENY,
        policy.id(),
        "",
        "no rule of "
            + policy.id()
            + " allows '"
            + action
            + "' for principal '"
            + evaluation.principal().id()
            + "' with roles "
            + new TreeSet<>(evaluation.principal().roles())
            + "; denied by default");
  }
}
