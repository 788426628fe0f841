package io.bulwark.gateway.observe;

/**
 * The facts about one finished request that the access log, metrics and audit use.
 *
 * @param traceId W3C trace id, 32 hex digits
 * @param listener the listener's name
 * @param sourceIp client address
 * @param method request method
 * @param path normalized path, or the raw target if it could not be normalized (cut to 256 chars)
 * @param host Host header, or {@code null}
 * @param routeId matched route, or {@code null}
 * @param status status sent (499 when the client went away first)
 * @param durationNanos from request headers to the response's last byte
 * @param upstream the endpoint used, or {@code null}
 * @param upstreamNanos time until the upstream's response headers, or -1
 * @param bytesIn request body bytes received
 * @param bytesOut response body bytes sent
 * @param principal authenticated principal, or {@code null}
 * @param clientId the authenticated OAuth client, API key or SPIFFE ID, or {@code null}
 * @param denial why the gateway refused the request (problem type slug), or {@code null}
 * @param denialPhase the chain phase or {@code hygiene} that refused it, or {@code null}
 */
public record ExchangeRecord(
    String traceId,
    String listener,
    String sourceIp,
    String method,
    String path,
    String host,
    String routeId,
    int status,
    long durationNanos,
    String upstream,
    long upstreamNanos,
    long bytesIn,
    long bytesOut,
    String principal,
    String clientId,
    String denial,
    String denialPhase) {}
