/**
 * Verification of a chained audit log ({@link io.bulwark.audit.verify.AuditVerifier}): hashes,
 * links, sequence numbers, checkpoint signatures and truncation, reporting the first bad record.
 */
package io.bulwark.audit.verify;
