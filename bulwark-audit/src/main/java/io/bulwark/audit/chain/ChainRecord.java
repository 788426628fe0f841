package io.bulwark.audit.chain;

import io.bulwark.core.audit.AuditEvent;

/**
 * One parsed line of a chained audit file: either an event record ({@code event} set) or a
 * checkpoint record ({@code checkpoint} and {@code sig} set).
 *
 * @param seq position in the chain, from 1, with no gaps across files
 * @param prev hash of the record before ({@link Hashes#GENESIS} for seq 1)
 * @param hash the hash the line claims for itself
 * @param computedHash the hash of the line's content as read (differs from {@code hash} if edited)
 * @param event the audit event, or {@code null} for a checkpoint
 * @param checkpoint the signed checkpoint, or {@code null} for an event
 * @param sig base64url Ed25519 signature over the canonical checkpoint, or {@code null}
 * @param signedBytes the canonical bytes {@code sig} covers, or {@code null}
 */
public record ChainRecord(
    long seq,
    String prev,
    String hash,
    String computedHash,
    AuditEvent event,
    Checkpoint checkpoint,
    String sig,
    byte[] signedBytes) {

  /** Whether this is a checkpoint record. */
  public boolean isCheckpoint() {
    return checkpoint != null;
  }

  /** Whether the claimed hash matches the content. */
  public boolean hashMatches() {
    return hash.equals(computedHash);
  }
}
