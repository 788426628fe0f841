package io.bulwark.core.http;

import io.bulwark.core.audit.Actor;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditLog;
import io.bulwark.core.audit.Outcome;
import io.bulwark.core.id.Ulid;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every 401 and 403 answer of one server into an {@code http.request.denied} audit event, so
 * each denial is on the record without every handler remembering to write it.
 */
final class DenialAuditor {
  static final String EVENT_TYPE = "http.request.denied";

  private static final Logger log = LoggerFactory.getLogger(DenialAuditor.class);

  private final String serverName;
  private final AuditLog auditLog;
  private final Ulid.Generator ids = Ulid.generator(Clock.systemUTC());

  DenialAuditor(String serverName, AuditLog auditLog) {
    this.serverName = serverName;
    this.auditLog = auditLog;
  }

  void record(HttpServletRequest request, String method, String route, int status, String traceId) {
    Actor actor = Actor.NONE.withSourceIp(request.getRemoteAddr());
    if (request.getAttribute(HttpServer.PRINCIPAL_ATTRIBUTE) instanceof String principal) {
      actor = actor.withPrincipal(principal);
    }
    try {
      auditLog.append(
          AuditEvent.builder(EVENT_TYPE)
              .actor(actor)
              .target(serverName + " " + route)
              .action(method)
              .outcome(Outcome.DENIED)
              .reason(status == 401 ? "unauthenticated" : "forbidden")
              .detail("status", Integer.toString(status))
              .traceId(isValidTraceId(traceId) ? traceId : null)
              .build(ids));
    } catch (RuntimeException e) {
      log.error("could not audit a denied {} {} on {}", method, route, serverName, e);
    }
  }

  private static boolean isValidTraceId(String traceId) {
    return traceId != null && traceId.matches("[0-9a-f]{32}") && !traceId.matches("0+");
  }
}
