package io.bulwark.core.audit;

import io.bulwark.core.id.Ulid;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One audit event: who ({@link Actor}) did what ({@code action}) to what ({@code target}), when,
 * how it ended, and why. Its JSON form is the event schema shared by every component; new optional
 * fields (such as a policy decision explanation or chain hashes) are added to it, never changed.
 *
 * <p>Build one with {@link #builder(String)}. Values are bounded so that one event stays small:
 * {@code reason}, actor parts and detail values longer than {@value #MAX_VALUE_LENGTH} characters
 * are cut to that length, and an event has at most {@value #MAX_DETAILS} details.
 *
 * <p><b>Never put secrets in an event.</b> Detail keys that name one (containing {@code password},
 * {@code secret}, {@code token}, {@code authorization}, {@code cookie}, {@code credential}, {@code
 * apikey} or {@code privatekey}, in any case and with any separators) are refused with {@link
 * IllegalArgumentException}; record a token by its {@code jti} and a key by its {@code kid}. The
 * check on keys cannot see into values: callers remain responsible for what they write there.
 *
 * @param id a ULID, ordered by time
 * @param time when the event happened
 * @param type dotted lower-case name such as {@code auth.login.failed}, {@code token.issued},
 *     {@code gateway.denied}, {@code admin.changed}, {@code bakery.order.created}
 * @param actor who acted ({@link Actor#NONE} if unknown; {@code null} is taken as that)
 * @param target what was acted on, such as {@code client:web} or {@code route:/orders}
 * @param action what was attempted, such as {@code login}, {@code issue}, {@code GET}
 * @param outcome how it ended
 * @param reason why (mainly for failures and denials), or {@code null}
 * @param details further key/value facts, sorted by key
 * @param traceId the W3C trace id (32 lower-case hex digits) of the request, or {@code null}
 */
public record AuditEvent(
    String id,
    Instant time,
    String type,
    Actor actor,
    String target,
    String action,
    Outcome outcome,
    String reason,
    Map<String, String> details,
    String traceId) {

  /** Most details one event may carry. */
  public static final int MAX_DETAILS = 32;

  /** Longest value kept for a detail, the reason or an actor part; longer ones are cut. */
  public static final int MAX_VALUE_LENGTH = 1024;

  private static final int MAX_NAME_LENGTH = 128;
  private static final Pattern TYPE = Pattern.compile("[a-z]+(\\.[a-z_]+)+");
  private static final Pattern DETAIL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}");
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final String[] SENSITIVE_KEY_PARTS = {
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "authorization",
    "cookie",
    "credential",
    "apikey",
    "privatekey"
  };

  /** Validates every field and makes {@code details} an immutable, bounded, sorted copy. */
  public AuditEvent {
    if (!Ulid.isValid(id)) {
      throw new IllegalArgumentException("audit event id must be a ULID");
    }
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(type, "type");
    if (type.length() > MAX_NAME_LENGTH || !TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException(
          "audit event type must be dotted lower case like 'token.issued': " + type);
    }
    actor = actor == null ? Actor.NONE : actor;
    target = requireText(target, "target");
    action = requireText(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    reason = truncate(reason);
    details = copyDetails(details);
    if (traceId != null && !TRACE_ID.matcher(traceId).matches()) {
      throw new IllegalArgumentException("traceId must be 32 lower-case hex digits (W3C)");
    }
  }

  /** Starts an event of the given type; see {@link Builder}. */
  public static Builder builder(String type) {
    return new Builder(type);
  }

  static String truncate(String value) {
    if (value == null || value.length() <= MAX_VALUE_LENGTH) {
      return value;
    }
    int end = MAX_VALUE_LENGTH;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(0, end);
  }

  private static String requireText(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException("audit event " + name + " must not be blank");
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException(
          "audit event " + name + " longer than " + MAX_VALUE_LENGTH + " characters");
    }
    return value;
  }

  private static Map<String, String> copyDetails(Map<String, String> source) {
    if (source == null || source.isEmpty()) {
      return Map.of();
    }
    if (source.size() > MAX_DETAILS) {
      throw new IllegalArgumentException(
          "an audit event has at most " + MAX_DETAILS + " details, got " + source.size());
    }
    TreeMap<String, String> copy = new TreeMap<>();
    source.forEach((key, value) -> {
      checkDetailKey(key);
      copy.put(key, truncate(Objects.requireNonNull(value, "value of detail " + key)));
    });
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Checks that {@code key} is a valid detail key and does not name a secret.
   *
   * @throws IllegalArgumentException if it is malformed or names a secret
   */
  static void checkDetailKey(String key) {
    Objects.requireNonNull(key, "detail key");
    if (!DETAIL_KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "audit detail keys are 1-64 letters, digits, '_', '.', '-': " + key);
    }
    String folded = key.toLowerCase(Locale.ROOT).replaceAll("[_.\\-]", "");
    for (String part : SENSITIVE_KEY_PARTS) {
      if (folded.contains(part)) {
        throw new IllegalArgumentException(
            "audit detail key '"
                + key
                + "' names a secret; audit events must never carry secrets (use jti or kid)");
      }
    }
  }

  /**
   * Assembles an {@link AuditEvent}. Not thread-safe; use one builder per event.
   *
   * <pre>{@code
   * AuditEvent event = AuditEvent.builder("auth.login.failed")
   *     .actor(new Actor("alice", "web", "203.0.113.7", null))
   *     .target("user:alice").action("login")
   *     .outcome(Outcome.FAILURE).reason("bad password")
   *     .detail("attempt", "3")
   *     .build(ids);
   * }</pre>
   */
  public static final class Builder {

    private final String type;
    private Actor actor = Actor.NONE;
    private String target;
    private String action;
    private Outcome outcome;
    private String reason;
    private final TreeMap<String, String> details = new TreeMap<>();
    private String traceId;

    private Builder(String type) {
      this.type = type;
    }

    /** Who acted. */
    public Builder actor(Actor value) {
      this.actor = value;
      return this;
    }

    /** What was acted on. Required. */
    public Builder target(String value) {
      this.target = value;
      return this;
    }

    /** What was attempted. Required. */
    public Builder action(String value) {
      this.action = value;
      return this;
    }

    /** How it ended. Required. */
    public Builder outcome(Outcome value) {
      this.outcome = value;
      return this;
    }

    /** Why it ended so; optional. */
    public Builder reason(String value) {
      this.reason = value;
      return this;
    }

    /**
     * Adds a detail; a {@code null} value is skipped so optional facts can be passed as they are.
     *
     * @throws IllegalArgumentException if the key is malformed or names a secret, or if this would
     *     be detail number {@value AuditEvent#MAX_DETAILS} + 1
     */
    public Builder detail(String key, String value) {
      checkDetailKey(key);
      if (value == null) {
        return this;
      }
      if (!details.containsKey(key) && details.size() >= MAX_DETAILS) {
        throw new IllegalArgumentException(
            "an audit event has at most " + MAX_DETAILS + " details");
      }
      details.put(key, value);
      return this;
    }

    /** Adds every entry of {@code values} as by {@link #detail(String, String)}. */
    public Builder details(Map<String, String> values) {
      values.forEach(this::detail);
      return this;
    }

    /** The W3C trace id of the request being served; optional. */
    public Builder traceId(String value) {
      this.traceId = value;
      return this;
    }

    /**
     * Builds the event at the time of {@code ids}' clock, with an id from {@code ids}.
     *
     * @throws IllegalArgumentException or NullPointerException if a required field is missing or a
     *     value is invalid
     */
    public AuditEvent build(Ulid.Generator ids) {
      return build(ids.clock(), ids);
    }

    /**
     * Builds the event at {@code clock}'s current time (to the millisecond), with an id from {@code
     * ids} that encodes that same time.
     */
    public AuditEvent build(Clock clock, Ulid.Generator ids) {
      Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
      return new AuditEvent(
          ids.next(now), now, type, actor, target, action, outcome, reason, details, traceId);
    }
  }
}
