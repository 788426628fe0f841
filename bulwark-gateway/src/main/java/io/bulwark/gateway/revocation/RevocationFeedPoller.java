package io.bulwark.gateway.revocation;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.core.json.Json;
import io.bulwark.gateway.auth.BoundedBodyHandler;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link RevocationList} up to date from the identity server's feed, {@code GET
 * {issuer}/revocations?since=<cursor>} with HTTP Basic client authentication (RFC 6749 §2.3.1):
 * polls every {@link RevocationFeedSettings#interval()} (at once again when a page had events),
 * resumes from the last cursor, backs off exponentially up to {@link
 * RevocationFeedSettings#maxBackoff()} on errors, and polls right away on {@link #pollNow()} (the
 * Redis subscriber calls it after reconnecting). One request at a time; nothing blocks the caller.
 *
 * <p>The first poll sends no {@code since}. A response that is not the documented JSON is an error:
 * the cursor does not move, so no event is skipped. Thread-safe.
 */
public final class RevocationFeedPoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RevocationFeedPoller.class);

  private final RevocationFeedSettings settings;
  private final RevocationList list;
  private final HttpClient http;
  private final ScheduledExecutorService scheduler;
  private final String authorization;
  private final URI feed;
  private String cursor;
  private boolean inFlight;
  private boolean pollAgain;
  private boolean periodic;
  private boolean closed;
  private int failures;
  private ScheduledFuture<?> next;

  /**
   * A poller feeding {@code list}; call {@link #start()} to poll periodically.
   *
   * @param scheduler runs the timer (one thread is plenty; shared with others is fine)
   */
  public RevocationFeedPoller(
      RevocationFeedSettings settings,
      RevocationList list,
      HttpClient http,
      ScheduledExecutorService scheduler) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.list = Objects.requireNonNull(list, "list");
    this.http = Objects.requireNonNull(http, "http");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.authorization = basic(settings);
    String base = settings.issuer().toString();
    this.feed = URI.create((base.endsWith("/") ? base : base + "/") + "revocations");
  }

  /** RFC 6749 §2.3.1: form-urlencode id and secret, then Basic. */
  private static String basic(RevocationFeedSettings settings) {
    String pair =
        URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8)
            + ":"
            + URLEncoder.encode(settings.clientSecret().reveal(), StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** Starts periodic polling with a first poll now. */
  public synchronized void start() {
    periodic = true;
    schedule(Duration.ZERO);
  }

  /** Polls as soon as possible (right after a poll under way), periodic or not. */
  public synchronized void pollNow() {
    if (closed) {
      return;
    }
    if (inFlight) {
      pollAgain = true;
      return;
    }
    schedule(Duration.ZERO);
  }

  /** The last cursor received, or null before the first successful poll. */
  public synchronized String cursor() {
    return cursor;
  }

  /** Stops polling; a request under way finishes but schedules nothing more. */
  @Override
  public synchronized void close() {
    closed = true;
    if (next != null) {
      next.cancel(false);
    }
  }

  private void schedule(Duration delay) {
    if (next != null) {
      next.cancel(false);
    }
    next = scheduler.schedule(this::poll, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void poll() {
    HttpRequest request;
    synchronized (this) {
      if (closed || inFlight) {
        return;
      }
      inFlight = true;
      pollAgain = false;
      String query =
          cursor == null ? "" : "?since=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
      request =
          HttpRequest.newBuilder(URI.create(feed + query))
              .timeout(settings.requestTimeout())
              .header("Authorization", authorization)
              .header("Accept", "application/json")
              .GET()
              .build();
    }
    CompletableFuture<Boolean> page;
    try {
      page =
          http.sendAsync(request, new BoundedBodyHandler(settings.maxResponseBytes()))
              .orTimeout(settings.requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)
              .thenApply(response -> {
                if (response.statusCode() != 200) {
                  throw new IllegalStateException("feed answered HTTP " + response.statusCode());
                }
                return apply(response.body());
              });
    } catch (RuntimeException e) {
      page = CompletableFuture.failedFuture(e);
    }
    page.whenComplete(this::finished);
  }

  /** Applies one page; returns whether it held events and moved the cursor (more may follow). */
  private boolean apply(byte[] body) {
    JsonNode page;
    try {
      page = Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("feed response is not JSON");
    }
    JsonNode events = page == null ? null : page.get("events");
    JsonNode nextCursor = page == null ? null : page.get("cursor");
    if (events == null || !events.isArray() || nextCursor == null || !nextCursor.isTextual()) {
      throw new IllegalStateException("feed response lacks events or cursor");
    }
    List<RevocationEvent> parsed = new ArrayList<>(events.size());
    for (JsonNode event : events) {
      RevocationEvent revocation = RevocationEvent.fromJson(event);
      if (revocation != null) {
        parsed.add(revocation);
      }
    }
    parsed.forEach(list::apply);
    synchronized (this) {
      boolean moved = !nextCursor.asText().equals(cursor);
      cursor = nextCursor.asText();
      return moved && !events.isEmpty();
    }
  }

  private synchronized void finished(Boolean advanced, Throwable error) {
    inFlight = false;
    if (closed) {
      return;
    }
    if (error == null) {
      if (failures > 0) {
        LOG.info("revocation feed {} recovered after {} failure(s)", feed, failures);
      }
      failures = 0;
      if (advanced || pollAgain) {
        schedule(Duration.ZERO);
      } else if (periodic) {
        schedule(settings.interval());
      }
      return;
    }
    failures++;
    Duration delay = backoff();
    if (failures == 1 || failures % 20 == 0) {
      LOG.warn(
          "revocation feed {} failed {} time(s), retrying in {} ms: {}",
          feed,
          failures,
          delay.toMillis(),
          rootMessage(error));
    }
    if (periodic || pollAgain) {
      schedule(delay);
    }
  }

  private Duration backoff() {
    long millis = settings.interval().toMillis() << Math.min(failures, 16);
    return Duration.ofMillis(Math.min(millis, settings.maxBackoff().toMillis()));
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
