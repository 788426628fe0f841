/**
 * What the gateway records about each request: one JSON access-log line ({@code bulwark.access}),
 * Prometheus metrics, and a {@code gateway.denied} audit event for each denial.
 */
package io.bulwark.gateway.observe;
