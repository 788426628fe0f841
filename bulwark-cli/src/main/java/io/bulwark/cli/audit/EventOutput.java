package io.bulwark.cli.audit;

import io.bulwark.audit.read.EventLines;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.audit.AuditEventJson;
import java.io.PrintWriter;

/** Prints events one per line, for people or (with {@code --json}) as the event schema's JSON. */
record EventOutput(PrintWriter out, boolean json) {

  void print(AuditEvent event) {
    out.println(json ? AuditEventJson.toJson(event) : EventLines.human(event));
  }
}
