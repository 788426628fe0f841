package io.bulwark.audit.redact;

import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.fs.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Applies a {@link Redaction} to events with HMAC-SHA256 (<a
 * href="https://www.rfc-editor.org/rfc/rfc2104">RFC 2104</a>) under a 256-bit key kept in the data
 * directory. Whoever holds the key can compute {@link #hmac} of a value to search the log for it.
 */
public final class Redactor {

  /** Prefix of every HMACed value. */
  public static final String PREFIX = "hmac-sha256:";

  private static final int KEY_BYTES = 32;

  private final Redaction redaction;
  private final SecretKeySpec key;

  /** Redacts per {@code redaction} with the raw key {@code keyBytes} (at least 32 bytes). */
  public Redactor(Redaction redaction, byte[] keyBytes) {
    this.redaction = Objects.requireNonNull(redaction, "redaction");
    if (keyBytes.length < KEY_BYTES) {
      throw new IllegalArgumentException("the audit HMAC key must have at least 32 bytes");
    }
    this.key = new SecretKeySpec(keyBytes, "HmacSHA256");
  }

  /**
   * Loads the HMAC key at {@code keyFile} (base64url, mode 0600), creating a random one if missing.
   *
   * @throws IOException if it cannot be read or written, is readable by others, or is malformed
   */
  public static byte[] loadOrCreateKey(Path keyFile) throws IOException {
    if (!Files.exists(keyFile)) {
      byte[] fresh = new byte[KEY_BYTES];
      new SecureRandom().nextBytes(fresh);
      AtomicFiles.write(keyFile, Base64.getUrlEncoder().withoutPadding().encode(fresh), true);
      return fresh;
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(keyFile);
      if (mode.stream().anyMatch(p -> !p.name().startsWith("OWNER"))) {
        throw new IOException(
            keyFile + ": audit HMAC key file is accessible by group or others; chmod 600 it");
      }
    }
    if (Files.size(keyFile) > 1024) {
      throw new IOException(keyFile + ": audit HMAC key file is too large");
    }
    byte[] text = Files.readAllBytes(keyFile);
    try {
      byte[] raw =
          Base64.getUrlDecoder().decode(new String(text, StandardCharsets.US_ASCII).strip());
      if (raw.length < KEY_BYTES) {
        throw new IOException(keyFile + ": audit HMAC key is shorter than 32 bytes");
      }
      return raw;
    } catch (IllegalArgumentException e) {
      throw new IOException(keyFile + ": audit HMAC key file is not base64url");
    } finally {
      Arrays.fill(text, (byte) 0);
    }
  }

  /** {@code hmac-sha256:} and the base64url HMAC of {@code value}. */
  public String hmac(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK provides HmacSHA256", e);
    }
  }

  /** {@code event} with the configured details and targets replaced by their HMACs. */
  public AuditEvent apply(AuditEvent event) {
    if (redaction.isEmpty()) {
      return event;
    }
    String target = event.target();
    for (String prefix : redaction.targetPrefixes()) {
      if (target.startsWith(prefix) && target.length() > prefix.length()) {
        target = prefix + hmac(target.substring(prefix.length()));
        break;
      }
    }
    Map<String, String> details = event.details();
    if (details.keySet().stream().anyMatch(redaction.detailKeys()::contains)) {
      TreeMap<String, String> copy = new TreeMap<>(details);
      copy.replaceAll((name, value) -> redaction.detailKeys().contains(name) ? hmac(value) : value);
      details = copy;
    }
    if (target.equals(event.target()) && details == event.details()) {
      return event;
    }
    return new AuditEvent(
        event.id(),
        event.time(),
        event.type(),
        event.actor(),
        target,
        event.action(),
        event.outcome(),
        event.reason(),
        details,
        event.traceId());
  }
}
