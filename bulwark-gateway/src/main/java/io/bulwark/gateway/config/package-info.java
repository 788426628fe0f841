/**
 * The gateway's settings as immutable records, validated when built: listeners, routes, upstream
 * clusters, timeouts and limits. {@link io.bulwark.gateway.config.GatewayConfig} is the root.
 */
package io.bulwark.gateway.config;
