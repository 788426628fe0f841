/** Audit trail: hash-chained, signed audit log with sinks, verification and detection rules. */
package io.bulwark.audit;
