/**
 * The audit event type every component emits, and where events go.
 *
 * <p>{@link io.bulwark.core.audit.AuditEvent} is the one schema for "who did what, when, and was it
 * allowed". {@link io.bulwark.core.audit.AuditLog} is the seam components write through; {@link
 * io.bulwark.core.audit.JsonlAuditLog} is the embedded sink (one JSON object per line, fsync per
 * event by default). Hash chaining, remote sinks and detection rules build on these in the audit
 * module.
 *
 * <p>Audit records are kept for a long time and read by many people: callers must never put secrets
 * (passwords, tokens, keys, session cookies, authorization headers) in any field. Refer to a token
 * by its {@code jti}, to a key by its {@code kid}.
 */
package io.bulwark.core.audit;
