package io.bulwark.examples.bakery.catalog;

import java.time.Instant;

/** A product on sale, as stored and as returned by the catalog API. */
public record Product(
    String id, String name, long priceCents, String currency, Instant updatedAt) {}
