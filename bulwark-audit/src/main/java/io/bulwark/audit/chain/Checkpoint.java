package io.bulwark.audit.chain;

import java.time.Instant;
import java.util.Objects;

/**
 * The signed statement of a checkpoint record: "the chain up to record {@code headSeq}, whose hash
 * is {@code head}, held {@code events} events at {@code time}", signed with the Ed25519 key {@code
 * keyId}. Because every record's hash covers its predecessor's, one valid signature authenticates
 * every record before it.
 *
 * @param head hash of the record just before the checkpoint
 * @param headSeq sequence number of that record
 * @param events how many event records the chain holds up to {@code headSeq}
 * @param time when the checkpoint was made
 * @param keyId id of the signing key ({@link AuditKeys#keyId})
 */
public record Checkpoint(String head, long headSeq, long events, Instant time, String keyId) {

  /** Validates the fields. */
  public Checkpoint {
    if (!Hashes.isHash(head)) {
      throw new IllegalArgumentException("checkpoint head must be a hash");
    }
    if (headSeq < 1 || events < 0 || events > headSeq) {
      throw new IllegalArgumentException("checkpoint headSeq/events out of range");
    }
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(keyId, "keyId");
  }
}
