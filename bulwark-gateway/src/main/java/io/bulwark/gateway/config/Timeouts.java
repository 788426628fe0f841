package io.bulwark.gateway.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Gateway timeouts.
 *
 * @param connect to open an upstream connection (TCP and TLS); failure answers 504
 * @param request from forwarding a request until the upstream's response headers arrive; 504
 * @param idle a connection (client or upstream) with no traffic for this long is closed
 * @param requestHeaders a client must send a request's complete headers within this time once it
 *     has started; else 408 and close (slow-header defence)
 */
public record Timeouts(Duration connect, Duration request, Duration idle, Duration requestHeaders) {

  /** Defaults: 5 s connect, 30 s request, 60 s idle, 10 s request headers. */
  public static final Timeouts DEFAULTS =
      new Timeouts(
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          Duration.ofSeconds(60),
          Duration.ofSeconds(10));

  /** Checks that every timeout is positive. */
  public Timeouts {
    requirePositive(connect, "connect");
    requirePositive(request, "request");
    requirePositive(idle, "idle");
    requirePositive(requestHeaders, "requestHeaders");
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " timeout must be positive");
    }
  }
}
