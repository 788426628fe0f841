package io.bulwark.audit.redact;

import java.util.List;
import java.util.Set;

/**
 * Which identifiers an audit log writes as keyed HMACs instead of in clear, as Vault's audit
 * devices do: an identifier such as a secret path stays matchable (the same value gives the same
 * HMAC under one key) without being readable from the log.
 *
 * @param detailKeys detail keys whose values are replaced by {@code hmac-sha256:<base64url>}
 * @param targetPrefixes target prefixes (such as {@code secret:}) after which the rest of the
 *     target is replaced the same way: {@code secret:kv/db} becomes {@code secret:hmac-sha256:...}
 */
public record Redaction(Set<String> detailKeys, List<String> targetPrefixes) {

  /** Nothing is HMACed (secrets are still refused by the event type itself). */
  public static final Redaction NONE = new Redaction(Set.of(), List.of());

  /** Copies the lists. */
  public Redaction {
    detailKeys = Set.copyOf(detailKeys);
    targetPrefixes = List.copyOf(targetPrefixes);
    for (String prefix : targetPrefixes) {
      if (prefix.isEmpty()) {
        throw new IllegalArgumentException("a redacted target prefix must not be empty");
      }
    }
  }

  /** Whether this redacts nothing. */
  public boolean isEmpty() {
    return detailKeys.isEmpty() && targetPrefixes.isEmpty();
  }
}
