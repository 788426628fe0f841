package io.bulwark.policy;

import java.util.Set;

/**
 * A role granted per request: to principals holding one of {@code parentRoles} ({@code *} meaning
 * any authenticated one) when {@code condition} holds, e.g. {@code owner} when {@code R.attr.owner
 * == P.id}.
 *
 * @param set the derived-roles document that defines it
 * @param name the role name rules refer to
 * @param parentRoles roles the principal must hold first
 * @param condition the condition, or null for a plain alias of the parent roles
 */
record DerivedRole(String set, String name, Set<String> parentRoles, Condition condition) {}
