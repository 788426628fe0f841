/**
 * The authorization phase of the chain: {@link io.bulwark.gateway.authz.PolicyStage} asks the
 * in-process policy engine whether the authenticated principal may perform the route's action on
 * its resource.
 */
package io.bulwark.gateway.authz;
