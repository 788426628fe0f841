/**
 * The audit trail: a tamper-evident, hash-chained and Ed25519-signed audit log behind core's {@link
 * io.bulwark.core.audit.AuditLog} seam, its verification, and tools to read it. See {@code
 * docs/audit.md}.
 */
package io.bulwark.audit;
