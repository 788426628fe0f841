package io.bulwark.examples.bakery.orders;

import io.bulwark.core.problem.ProblemException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The body of {@code POST /orders}: {@code {"items": [{"productId": "...", "quantity": 1}]}}. */
public record OrderRequest(List<Item> items) {
  public static final int MAX_ITEMS = 20;
  public static final int MAX_QUANTITY = 50;

  private static final Pattern PRODUCT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  /** One requested product and how many of it. */
  public record Item(String productId, Integer quantity) {}

  /** Checks the request, or throws a 400 problem naming the first bad item. */
  OrderRequest validate() {
    if (items == null || items.isEmpty() || items.size() > MAX_ITEMS) {
      throw ProblemException.badRequest("items must hold 1 to " + MAX_ITEMS + " entries");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      if (item == null) {
        throw ProblemException.badRequest("items[" + i + "] is null");
      }
      if (item.productId() == null || !PRODUCT_ID.matcher(item.productId()).matches()) {
        throw ProblemException.badRequest("items[" + i + "].productId is invalid");
      }
      if (item.quantity() == null || item.quantity() < 1 || item.quantity() > MAX_QUANTITY) {
        throw ProblemException.badRequest(
            "items[" + i + "].quantity must be between 1 and " + MAX_QUANTITY);
      }
      if (!seen.add(item.productId())) {
        throw ProblemException.badRequest("items[" + i + "].productId is listed twice");
      }
    }
    return this;
  }
}
