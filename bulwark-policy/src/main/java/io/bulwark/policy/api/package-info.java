/**
 * The decision API: {@link io.bulwark.policy.api.DecisionApi} serves batch checks and the nginx
 * {@code auth_request} and Envoy {@code ext_authz} protocols on a core HTTP server, so existing
 * proxies can use Bulwark as their authorization service.
 */
package io.bulwark.policy.api;
