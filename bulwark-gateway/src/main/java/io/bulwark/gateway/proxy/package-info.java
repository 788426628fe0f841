/**
 * The Netty pipeline of the proxy: {@link io.bulwark.gateway.proxy.GatewayInitializer} builds it,
 * {@link io.bulwark.gateway.proxy.ClientHandler} runs one exchange at a time per client connection
 * (hygiene, routing, chain, forwarding with backpressure), and {@link
 * io.bulwark.gateway.proxy.UpstreamHandler} relays the upstream's response.
 */
package io.bulwark.gateway.proxy;
