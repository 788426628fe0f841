/**
 * The record format of the chained audit log: RFC 8785 canonical JSON ({@link
 * io.bulwark.audit.chain.Jcs}), SHA-256 links ({@link io.bulwark.audit.chain.Hashes}), event and
 * checkpoint records ({@link io.bulwark.audit.chain.RecordCodec}), and the Ed25519 checkpoint key
 * ({@link io.bulwark.audit.chain.AuditKeys}).
 */
package io.bulwark.audit.chain;
