package io.bulwark.audit.alert;

/**
 * Where new alerts are announced (a log, a chat webhook). {@link #send} is called from the
 * detection thread and must not block: queue and return.
 */
public interface AlertSink extends AutoCloseable {

  /** Announces a new alert. */
  void send(Alert alert);

  /** Stops delivery, giving queued alerts a bounded time. */
  @Override
  void close();
}
