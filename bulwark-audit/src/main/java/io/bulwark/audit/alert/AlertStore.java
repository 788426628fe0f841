package io.bulwark.audit.alert;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The most recent alerts in memory, for {@code GET /v1/alerts}: at most {@code capacity}; the
 * oldest raised is dropped first. Thread-safe.
 */
public final class AlertStore {
  /** Default number of alerts kept. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final int capacity;
  private final LinkedHashMap<String, Alert> alerts = new LinkedHashMap<>();

  /** A store keeping at most {@code capacity} alerts. */
  public AlertStore(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
  }

  /** Adds a new alert, or replaces the stored one with the same id (an update). */
  public synchronized void put(Alert alert) {
    alerts.put(alert.id(), alert);
    while (alerts.size() > capacity) {
      Iterator<Map.Entry<String, Alert>> eldest = alerts.entrySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  /** The alerts matching {@code query}, newest raised first. */
  public synchronized List<Alert> find(AlertQuery query) {
    List<Alert> all = new ArrayList<>(alerts.values());
    List<Alert> out = new ArrayList<>(Math.min(query.limit(), all.size()));
    for (int i = all.size() - 1; i >= 0 && out.size() < query.limit(); i--) {
      Alert alert = all.get(i);
      if (query.matches(alert)) {
        out.add(alert);
      }
    }
    return out;
  }

  /** How many alerts are held. */
  public synchronized int size() {
    return alerts.size();
  }
}
