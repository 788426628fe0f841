/**
 * Upstream clusters: endpoints with in-flight counts and passive outlier ejection, load balancers
 * (round-robin, least-request), and bounded keep-alive connection pools per endpoint.
 */
package io.bulwark.gateway.upstream;
