/**
 * Hot reload of a policy directory: {@link io.bulwark.policy.reload.ReloadingPolicies} keeps the
 * current {@link io.bulwark.policy.PolicySet}, swapping in a changed tree only when it compiles
 * whole.
 */
package io.bulwark.policy.reload;
