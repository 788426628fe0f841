package io.bulwark.examples.bakery.orders;

/** One line of an order, priced when the order was placed. */
public record OrderLine(
    String productId, String productName, int quantity, long unitPriceCents, long lineTotalCents) {}
