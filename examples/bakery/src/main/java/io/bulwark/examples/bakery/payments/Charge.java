package io.bulwark.examples.bakery.payments;

import java.time.Instant;

/**
 * A charge for one order, as stored and returned.
 *
 * @param requestedBy the {@code sub} of the token that asked for it: the customer when the orders
 *     service acts for one (a delegated token), else the orders service itself
 * @param actor the service that made the call: the delegated token's {@code act.sub}, or the client
 *     of a service's own token
 */
public record Charge(
    String id,
    String orderId,
    long amountCents,
    String currency,
    String status,
    String requestedBy,
    String actor,
    Instant createdAt) {
  /** The only status of a simulated charge: the money was taken. */
  public static final String CAPTURED = "CAPTURED";
}
