package io.bulwark.policy;

import java.util.List;
import java.util.Set;

/**
 * One compiled rule of a resource or principal policy.
 *
 * @param policy the owning policy's id, {@code resource:KIND} or {@code principal:ID}
 * @param name unique within the policy
 * @param resource the resource kind a principal-policy rule applies to ({@code *} for any); the
 *     policy's kind for a resource-policy rule
 * @param actions actions it covers, {@code *} for all
 * @param effect what it decides when it matches
 * @param roles roles it applies to ({@code *} for any authenticated principal); empty in principal
 *     policies
 * @param derivedRoles derived roles it applies to
 * @param condition extra condition, or null
 */
record Rule(
    String policy,
    String name,
    String resource,
    Set<String> actions,
    Effect effect,
    Set<String> roles,
    List<DerivedRole> derivedRoles,
    Condition condition) {

  static final String ANY = "*";

  boolean coversAction(String action) {
    return actions.contains(ANY) || actions.contains(action);
  }

  boolean coversResource(String kind) {
    return resource.equals(ANY) || resource.equals(kind);
  }

  /** Principal-policy rules name no roles: they apply to their principal whatever its roles. */
  boolean forAnyRole() {
    return roles.isEmpty() && derivedRoles.isEmpty();
  }
}
