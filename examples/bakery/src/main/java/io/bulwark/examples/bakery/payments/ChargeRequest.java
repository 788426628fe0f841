package io.bulwark.examples.bakery.payments;

import io.bulwark.core.problem.ProblemException;
import java.util.Set;
import java.util.regex.Pattern;

/** The body of {@code POST /charges}. */
public record ChargeRequest(String orderId, Long amountCents, String currency) {
  /** Largest amount one charge may take, in cents (1,000,000.00). */
  public static final long MAX_AMOUNT_CENTS = 100_000_000;

  /** Currencies the bakery takes. */
  public static final Set<String> CURRENCIES = Set.of("EUR");

  private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  /** Checks every field, or throws a 400 problem naming the first bad one. */
  ChargeRequest validate() {
    if (orderId == null || !ORDER_ID.matcher(orderId).matches()) {
      throw ProblemException.badRequest("orderId is invalid");
    }
    if (amountCents == null || amountCents <= 0 || amountCents > MAX_AMOUNT_CENTS) {
      throw ProblemException.badRequest("amountCents must be between 1 and " + MAX_AMOUNT_CENTS);
    }
    if (currency == null || !CURRENCIES.contains(currency)) {
      throw ProblemException.badRequest("currency must be one of " + CURRENCIES);
    }
    return this;
  }
}
