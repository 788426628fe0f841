package io.bulwark.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * Facts about the request itself. Conditions see it as {@code C} (or {@code context}): {@code time}
 * is a CEL timestamp, the other fields are strings ({@code ""} when unknown).
 *
 * @param time when the request is decided; use {@code C.time.getHours("Europe/Paris")} for local
 *     business hours
 * @param sourceIp client address as seen by the gateway
 * @param method HTTP method
 * @param path HTTP path
 * @param peerSpiffeId SPIFFE id of the mTLS peer, when the connection had one
 */
public record RequestContext(
    Instant time, String sourceIp, String method, String path, String peerSpiffeId) {

  /** Requires a time; turns missing strings into {@code ""}. */
  public RequestContext {
    Objects.requireNonNull(time, "time");
    sourceIp = sourceIp == null ? "" : sourceIp;
    method = method == null ? "" : method;
    path = path == null ? "" : path;
    peerSpiffeId = peerSpiffeId == null ? "" : peerSpiffeId;
  }

  /** A context that only knows the time. */
  public static RequestContext at(Instant time) {
    return new RequestContext(time, "", "", "", "");
  }
}
