package io.bulwark.audit.alert;

import io.bulwark.audit.sink.Backoff;
import io.bulwark.audit.webhook.WebhookAuditSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each alert to a Slack-compatible incoming webhook ({@link AlertJson#slackMessage}). Alerts
 * wait in a bounded queue for one delivery thread; a failed post (non-2xx, timeout, connection
 * error) is retried with exponential backoff up to {@code maxAttempts} times, then dropped and
 * counted in {@code audit.alerts.webhook.dropped}, as is an alert that finds the queue full. The
 * URL must be {@code https} ({@code http} only on loopback); redirects are not followed.
 */
public final class SlackWebhookAlertSink implements AlertSink {
  /** Default queue capacity. */
  public static final int DEFAULT_QUEUE = 1_000;

  /** Default attempts per alert. */
  public static final int DEFAULT_MAX_ATTEMPTS = 8;

  private static final Logger LOG = LoggerFactory.getLogger(SlackWebhookAlertSink.class);

  private final URI url;
  private final HttpClient client;
  private final Backoff backoff;
  private final int maxAttempts;
  private final BlockingQueue<Alert> queue;
  private final Counter delivered;
  private final Counter dropped;
  private final Thread worker;
  private volatile boolean closing;

  /**
   * A sink posting to {@code url}.
   *
   * @throws IllegalArgumentException if the URL is not https (or http on loopback)
   */
  public SlackWebhookAlertSink(
      URI url, int queueCapacity, int maxAttempts, Backoff backoff, MeterRegistry registry) {
    WebhookAuditSink.requireSecureUrl(url);
    this.url = url;
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.maxAttempts = maxAttempts;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.delivered = registry.counter("audit.alerts.webhook.delivered");
    this.dropped = registry.counter("audit.alerts.webhook.dropped");
    registry.gauge("audit.alerts.webhook.backlog", queue, BlockingQueue::size);
    this.worker = Thread.ofPlatform().daemon().name("bulwark-alert-webhook").start(this::run);
  }

  /** A sink with the default queue, attempts and backoff. */
  public static SlackWebhookAlertSink of(URI url, MeterRegistry registry) {
    return new SlackWebhookAlertSink(
        url, DEFAULT_QUEUE, DEFAULT_MAX_ATTEMPTS, Backoff.defaults(), registry);
  }

  @Override
  public void send(Alert alert) {
    if (closing || !queue.offer(alert)) {
      dropped.increment();
      LOG.warn("Alert webhook queue full or closed; alert {} not posted", alert.id());
    }
  }

  private void run() {
    try {
      while (!closing || !queue.isEmpty()) {
        Alert alert = queue.poll(100, TimeUnit.MILLISECONDS);
        if (alert != null) {
          deliver(alert);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void deliver(Alert alert) throws InterruptedException {
    String body = AlertJson.slackMessage(alert).toString();
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        HttpResponse<Void> response =
            client.send(
                HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 == 2) {
          delivered.increment();
          return;
        }
        LOG.warn("Alert webhook answered HTTP {} (attempt {})", response.statusCode(), attempt);
      } catch (IOException e) {
        LOG.warn("Alert webhook failed (attempt {}): {}", attempt, e.getMessage());
      }
      if (attempt < maxAttempts) {
        Thread.sleep(backoff.delay(attempt).toMillis());
      }
    }
    dropped.increment();
  }

  /** Alerts waiting to be posted. */
  public int backlog() {
    return queue.size();
  }

  @Override
  public void close() {
    closing = true;
    try {
      worker.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker.interrupt();
    client.close();
  }
}
