package io.bulwark.audit.alert;

import io.bulwark.audit.detect.Detection;
import io.bulwark.core.id.Ulid;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns detections into alerts: stores each in the {@link AlertStore} and announces it to every
 * {@link AlertSink}.
 *
 * <ul>
 *   <li><b>Deduplication.</b> A detection for the same rule and group whose events start within the
 *       rule's window after the open alert's last event is merged into that alert ({@code
 *       occurrences} grows, its event ids are appended) and not announced again.
 *   <li><b>Rate limit.</b> At most {@code maxPerRulePerMinute} new alerts of one rule are announced
 *       per minute; the rest are stored (and listed by {@code GET /v1/alerts}) but not sent, and
 *       counted in {@code audit.alerts.suppressed}.
 * </ul>
 */
public final class Alerter implements Consumer<Detection> {
  /** Default announcements per rule per minute. */
  public static final int DEFAULT_MAX_PER_RULE_PER_MINUTE = 10;

  /** Most open (deduplicating) alerts tracked; the oldest is forgotten first. */
  static final int MAX_OPEN = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(Alerter.class);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final AlertStore store;
  private final List<AlertSink> sinks;
  private final Clock clock;
  private final Ulid.Generator ids;
  private final int maxPerRulePerMinute;
  private final MeterRegistry registry;
  private final Counter deduplicated;
  private final Counter suppressed;
  private final LinkedHashMap<String, Alert> open = new LinkedHashMap<>();
  private final Map<String, RateWindow> rates = new HashMap<>();

  private static final class RateWindow {
    Instant start;
    int sent;
  }

  /**
   * An alerter storing into {@code store} and announcing to {@code sinks}; meters go to {@code
   * registry}.
   */
  public Alerter(
      AlertStore store,
      List<AlertSink> sinks,
      int maxPerRulePerMinute,
      Clock clock,
      MeterRegistry registry) {
    if (maxPerRulePerMinute < 1) {
      throw new IllegalArgumentException("maxPerRulePerMinute must be at least 1");
    }
    this.store = Objects.requireNonNull(store, "store");
    this.sinks = List.copyOf(sinks);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Ulid.generator(clock);
    this.maxPerRulePerMinute = maxPerRulePerMinute;
    this.registry = Objects.requireNonNull(registry, "registry");
    this.deduplicated = registry.counter("audit.alerts.deduplicated");
    this.suppressed = registry.counter("audit.alerts.suppressed");
  }

  @Override
  public synchronized void accept(Detection detection) {
    String key = detection.rule().id() + "\u0000" + detection.group();
    Instant now = clock.instant();
    Alert previous = open.get(key);
    if (previous != null
        && !detection
            .firstEventAt()
            .isAfter(previous.lastEventAt().plus(detection.rule().window()))) {
      Alert merged = merge(previous, detection, now);
      open.put(key, merged);
      store.put(merged);
      deduplicated.increment();
      return;
    }
    Alert alert =
        new Alert(
            ids.next(now),
            detection.rule().id(),
            detection.rule().title(),
            detection.rule().severity(),
            detection.group(),
            now,
            now,
            detection.firstEventAt(),
            detection.lastEventAt(),
            1,
            cap(detection.eventIds()),
            detection.rule().description());
    open.remove(key);
    open.put(key, alert);
    if (open.size() > MAX_OPEN) {
      Iterator<String> eldest = open.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
    store.put(alert);
    registry
        .counter(
            "audit.alerts.raised", "rule", alert.rule(), "severity", alert.severity().jsonValue())
        .increment();
    if (!allowed(alert.rule(), now)) {
      suppressed.increment();
      return;
    }
    for (AlertSink sink : sinks) {
      try {
        sink.send(alert);
      } catch (RuntimeException e) {
        LOG.warn(
            "Alert sink {} failed for alert {}", sink.getClass().getSimpleName(), alert.id(), e);
      }
    }
  }

  private boolean allowed(String rule, Instant now) {
    RateWindow window = rates.computeIfAbsent(rule, r -> new RateWindow());
    if (window.start == null || !now.isBefore(window.start.plus(MINUTE))) {
      window.start = now;
      window.sent = 0;
    }
    if (window.sent >= maxPerRulePerMinute) {
      return false;
    }
    window.sent++;
    return true;
  }

  private static Alert merge(Alert alert, Detection detection, Instant now) {
    List<String> events = new ArrayList<>(alert.eventIds());
    for (String id : detection.eventIds()) {
      if (!events.contains(id)) {
        events.add(id);
      }
    }
    return new Alert(
        alert.id(),
        alert.rule(),
        alert.title(),
        alert.severity(),
        alert.group(),
        alert.raisedAt(),
        now,
        alert.firstEventAt(),
        detection.lastEventAt().isAfter(alert.lastEventAt())
            ? detection.lastEventAt()
            : alert.lastEventAt(),
        alert.occurrences() + 1,
        cap(events),
        alert.description());
  }

  private static List<String> cap(List<String> ids) {
    return ids.size() <= Alert.MAX_EVENT_IDS ? ids : ids.subList(0, Alert.MAX_EVENT_IDS);
  }

  /** The store alerts are kept in. */
  public AlertStore store() {
    return store;
  }

  /** Closes every sink. */
  public void closeSinks() {
    for (AlertSink sink : sinks) {
      sink.close();
    }
  }
}
