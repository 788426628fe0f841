package io.bulwark.examples.bakery.orders;

import io.bulwark.examples.bakery.common.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.Map;

/**
 * Charges orders through the payments service ({@code POST /charges}), authenticated with a token
 * exchanged for the customer's (the customer as {@code sub}, the orders service as {@code act}),
 * never the customer's own token.
 */
final class PaymentsClient {
  /** The part of a charge that orders keeps. */
  record Charge(String id, String orderId, Long amountCents, String currency) {}

  private final Downstream payments;

  PaymentsClient(HttpClient http, URI baseUri) {
    this.payments = new Downstream(http, baseUri, "payments");
  }

  /**
   * Charges {@code order} with {@code token} (idempotent per order id in payments); 502 problem on
   * any failure.
   */
  Charge charge(Order order, String token) {
    byte[] body =
        Json.bytes(
            Map.of(
                "orderId", order.id(),
                "amountCents", order.totalCents(),
                "currency", order.currency()));
    HttpRequest request =
        payments
            .request("/charges")
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    Downstream.Response response = payments.send(request);
    if (response.status() != 200 && response.status() != 201) {
      throw payments.failed("refused the charge (" + response.status() + ")");
    }
    Charge charge = payments.parse(response.body(), Charge.class);
    if (charge.id() == null
        || !order.id().equals(charge.orderId())
        || !Long.valueOf(order.totalCents()).equals(charge.amountCents())
        || !order.currency().equals(charge.currency())) {
      throw payments.failed("answered with a charge that does not match the order");
    }
    return charge;
  }
}
