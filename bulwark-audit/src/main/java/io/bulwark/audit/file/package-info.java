/**
 * The JSONL file sink of the chained audit log ({@link io.bulwark.audit.file.ChainedFileAuditLog}):
 * rotation, fsync policies with group commit, crash recovery, and the directory layout shared with
 * readers and the verifier.
 */
package io.bulwark.audit.file;
