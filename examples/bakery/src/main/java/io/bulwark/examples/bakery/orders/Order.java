package io.bulwark.examples.bakery.orders;

import java.time.Instant;
import java.util.List;

/**
 * An order as stored and returned. {@code paidAt} and {@code chargeId} are set once paid.
 *
 * @param owner the {@code sub} of the customer who placed it
 * @param status {@code PENDING} or {@code PAID}
 */
public record Order(
    String id,
    String owner,
    String status,
    List<OrderLine> items,
    long totalCents,
    String currency,
    Instant createdAt,
    Instant paidAt,
    String chargeId) {
  public static final String PENDING = "PENDING";
  public static final String PAID = "PAID";

  public Order {
    items = List.copyOf(items);
  }
}
