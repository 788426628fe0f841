package io.bulwark.examples.bakery.payments;

import java.time.Instant;

/**
 * A charge for one order, as stored and returned.
 *
 * @param requestedBy the {@code sub} of the service token that asked for it
 */
public record Charge(
    String id,
    String orderId,
    long amountCents,
    String currency,
    String status,
    String requestedBy,
    Instant createdAt) {
  /** The only status of a simulated charge: the money was taken. */
  public static final String CAPTURED = "CAPTURED";
}
