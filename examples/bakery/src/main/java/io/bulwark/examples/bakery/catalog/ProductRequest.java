package io.bulwark.examples.bakery.catalog;

import io.bulwark.core.problem.ProblemException;
import java.util.Set;

/** The body of {@code POST /products} and {@code PUT /products/{id}}. */
public record ProductRequest(String name, Long priceCents, String currency) {
  /** Longest product name, in characters. */
  public static final int MAX_NAME_LENGTH = 100;

  /** Highest price accepted, in cents (10,000.00). */
  public static final long MAX_PRICE_CENTS = 1_000_000;

  /** Currencies the bakery sells in. */
  public static final Set<String> CURRENCIES = Set.of("EUR");

  /** Checks every field, or throws a 400 problem naming the first bad one. */
  ProductRequest validate() {
    if (name == null || name.isBlank()) {
      throw ProblemException.badRequest("name is required");
    }
    if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
      throw ProblemException.badRequest("name must be at most " + MAX_NAME_LENGTH + " characters");
    }
    if (name.codePoints().anyMatch(Character::isISOControl) || !name.strip().equals(name)) {
      throw ProblemException.badRequest(
          "name must not contain control characters or surrounding spaces");
    }
    if (priceCents == null || priceCents <= 0 || priceCents > MAX_PRICE_CENTS) {
      throw ProblemException.badRequest("priceCents must be between 1 and " + MAX_PRICE_CENTS);
    }
    if (currency == null || !CURRENCIES.contains(currency)) {
      throw ProblemException.badRequest("currency must be one of " + CURRENCIES);
    }
    return this;
  }
}
