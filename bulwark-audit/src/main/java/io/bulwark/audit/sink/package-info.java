/**
 * Secondary audit sinks: {@link io.bulwark.audit.sink.FanOutAuditLog} writes the chained file log
 * (the primary) and hands every chained record to asynchronous sinks (PostgreSQL, syslog, webhook)
 * through bounded queues, with retries, backlog metrics and a {@link
 * io.bulwark.audit.sink.AuditMode#REQUIRED required} mode that fails closed.
 */
package io.bulwark.audit.sink;
