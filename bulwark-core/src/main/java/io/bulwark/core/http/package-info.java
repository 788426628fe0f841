/**
 * The HTTP server every Bulwark role and example service runs on ({@link
 * io.bulwark.core.http.HttpServer}), with tracing, metrics, access logs, RFC 9457 errors and
 * security headers built in, and the admin server ({@link io.bulwark.core.http.AdminServer}) that
 * exposes health and Prometheus metrics.
 */
package io.bulwark.core.http;
