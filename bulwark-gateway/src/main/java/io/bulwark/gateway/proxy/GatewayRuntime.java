package io.bulwark.gateway.proxy;

import io.bulwark.gateway.chain.SecurityChain;
import io.bulwark.gateway.config.GatewayConfig;
import io.bulwark.gateway.hygiene.HeaderSanitizer;
import io.bulwark.gateway.observe.AccessLog;
import io.bulwark.gateway.observe.DenialAuditor;
import io.bulwark.gateway.observe.GatewayMetrics;
import io.bulwark.gateway.route.Router;
import io.bulwark.gateway.upstream.Cluster;
import io.bulwark.gateway.upstream.UpstreamPools;
import io.netty.handler.ssl.SslContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.util.Map;

/**
 * Everything the pipeline needs, built once from a {@link GatewayConfig}: the router, clusters,
 * per-route chains, upstream TLS contexts and recorders. Immutable; shared by every connection.
 *
 * @param config the configuration it was built from
 * @param router the route table
 * @param clusters clusters by name
 * @param clusterTls client TLS context by cluster name (absent for plain clusters)
 * @param chains security chain by route id
 * @param sanitizer header rules
 * @param pools upstream connection pools
 * @param accessLog access log
 * @param metrics meters
 * @param auditor denial auditor
 * @param openTelemetry tracing and W3C propagation
 * @param tracer the gateway's tracer
 */
public record GatewayRuntime(
    GatewayConfig config,
    Router router,
    Map<String, Cluster> clusters,
    Map<String, SslContext> clusterTls,
    Map<String, SecurityChain> chains,
    HeaderSanitizer sanitizer,
    UpstreamPools pools,
    AccessLog accessLog,
    GatewayMetrics metrics,
    DenialAuditor auditor,
    OpenTelemetry openTelemetry,
    Tracer tracer) {

  /** The chain of a route (empty if it has no stages). */
  SecurityChain chain(String routeId) {
    return chains.getOrDefault(routeId, SecurityChain.EMPTY);
  }
}
