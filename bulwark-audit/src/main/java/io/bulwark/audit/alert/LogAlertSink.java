package io.bulwark.audit.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each alert as one WARN line to the logger {@code io.bulwark.audit.alert}, with the rule,
 * severity, group and the linked event ids.
 */
public final class LogAlertSink implements AlertSink {
  private static final Logger LOG = LoggerFactory.getLogger("io.bulwark.audit.alert");

  @Override
  public void send(Alert alert) {
    LOG.warn(
        "ALERT {} rule={} severity={} group={} events={}",
        alert.summary(),
        alert.rule(),
        alert.severity().jsonValue(),
        alert.group(),
        alert.eventIds());
  }

  @Override
  public void close() {}
}
