/**
 * The Bulwark gateway: a Netty HTTP reverse proxy that runs every request through a fixed security
 * chain before it reaches an upstream. Start with {@link io.bulwark.gateway.GatewayServer}.
 */
package io.bulwark.gateway;
