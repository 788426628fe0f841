package io.bulwark.examples.bakery.orders;

import io.bulwark.core.problem.Problem;
import io.bulwark.core.problem.ProblemException;
import io.bulwark.examples.bakery.common.CallerAuthenticator;
import io.bulwark.examples.bakery.common.Json;
import io.bulwark.sdk.token.BearerToken;
import io.bulwark.sdk.token.TokenVerifier;
import io.bulwark.sdk.token.VerifiedToken;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The bakery's orders. Customers (role {@value #CUSTOMER_ROLE}) place orders priced from the
 * catalog; every caller sees only their own orders (someone else's answers 404, so existence does
 * not leak); the owner pays an order through the payments service, which this service calls on the
 * owner's behalf with a token exchanged for the owner's (RFC 8693: {@code sub} the owner, {@code
 * act.sub} this service, audience payments).
 *
 * <ul>
 *   <li>{@code POST /orders} (customer): {@code
 *       {"items":[{"productId":"croissant","quantity":2}]}}, 201 with the priced order
 *   <li>{@code GET /orders}: the caller's orders, {@code {"orders": [...]}}, newest first
 *   <li>{@code GET /orders/{id}}: one of the caller's orders, or 404
 *   <li>{@code POST /orders/{id}/pay} (owner): charge and mark {@code PAID}; 409 if already paid
 * </ul>
 *
 * Catalog, payments or identity failures answer 502; a user token the identity server no longer
 * accepts for exchange (revoked, say) answers 401 and payments is not called.
 */
public final class OrdersService {
  /** The role allowed to place orders. */
  public static final String CUSTOMER_ROLE = "customer";

  private static final Pattern ORDER_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final OrderRepository orders;
  private final CallerAuthenticator callers;
  private final CatalogClient catalog;
  private final PaymentsClient payments;
  private final TokenExchangeClient exchange;
  private final Clock clock = Clock.systemUTC();

  /**
   * @param database the orders service's own database ({@code BakeryDatabase.open(dir, "orders")})
   * @param verifier verifies tokens issued for the orders audience
   * @param http client for catalog and payments (TLS trust, trace propagation, connect timeout)
   * @param catalogBaseUri e.g. {@code https://catalog.internal:8443}
   * @param paymentsBaseUri e.g. {@code https://payments.internal:8443}
   * @param exchange exchanges the paying user's token for one for payments
   */
  public OrdersService(
      DataSource database,
      TokenVerifier verifier,
      HttpClient http,
      URI catalogBaseUri,
      URI paymentsBaseUri,
      TokenExchangeClient exchange) {
    this.orders = new OrderRepository(database);
    this.callers = new CallerAuthenticator(verifier, "orders");
    this.catalog = new CatalogClient(Objects.requireNonNull(http, "http"), catalogBaseUri);
    this.payments = new PaymentsClient(http, paymentsBaseUri);
    this.exchange = Objects.requireNonNull(exchange, "exchange");
  }

  /** Declares the orders endpoints. */
  public void routes(RoutesConfig routes) {
    routes.post("/orders", this::create);
    routes.get("/orders", this::list);
    routes.get("/orders/{id}", this::read);
    routes.post("/orders/{id}/pay", this::pay);
  }

  private void create(Context ctx) {
    VerifiedToken caller = callers.requireRole(ctx, CUSTOMER_ROLE);
    OrderRequest request = Json.read(ctx, OrderRequest.class).validate();
    List<OrderLine> lines = new ArrayList<>();
    String currency = null;
    long total = 0;
    for (OrderRequest.Item item : request.items()) {
      CatalogClient.CatalogProduct product =
          catalog
              .product(item.productId())
              .orElseThrow(
                  () -> ProblemException.badRequest("unknown product " + item.productId()));
      if (currency != null && !currency.equals(product.currency())) {
        throw ProblemException.badRequest("all products of an order must share one currency");
      }
      currency = product.currency();
      long lineTotal = Math.multiplyExact(product.priceCents(), (long) item.quantity());
      total = Math.addExact(total, lineTotal);
      lines.add(
          new OrderLine(
              product.id(), product.name(), item.quantity(), product.priceCents(), lineTotal));
    }
    Order order =
        new Order(
            UUID.randomUUID().toString(),
            caller.subject(),
            Order.PENDING,
            lines,
            total,
            currency,
            now(),
            null,
            null);
    orders.insert(order);
    ctx.header("Location", "/orders/" + order.id());
    Json.write(ctx, 201, order);
  }

  private void list(Context ctx) {
    VerifiedToken caller = callers.authenticate(ctx);
    Json.write(ctx, 200, Map.of("orders", orders.listByOwner(caller.subject())));
  }

  private void read(Context ctx) {
    VerifiedToken caller = callers.authenticate(ctx);
    Json.write(ctx, 200, ownOrder(ctx, caller));
  }

  private void pay(Context ctx) {
    VerifiedToken caller = callers.authenticate(ctx);
    Order order = ownOrder(ctx, caller);
    if (!Order.PENDING.equals(order.status())) {
      throw ProblemException.conflict("order is already paid");
    }
    PaymentsClient.Charge charge = payments.charge(order, paymentsToken(ctx, caller));
    if (!orders.markPaid(order.id(), charge.id(), now())) {
      throw ProblemException.conflict("order is already paid");
    }
    Json.write(ctx, 200, orders.find(order.id(), caller.subject()).orElseThrow());
  }

  /** The caller's token exchanged for payments; a refused exchange never reaches payments. */
  private String paymentsToken(Context ctx, VerifiedToken caller) {
    String userToken = BearerToken.parse(ctx.header("Authorization")).orElseThrow().value();
    try {
      return exchange.exchange(caller, userToken);
    } catch (TokenExchangeException e) {
      if (e.subjectRejected()) {
        ctx.header(
            "WWW-Authenticate",
            "Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"token is no"
                + " longer active\"");
        throw ProblemException.unauthorized(
            "the identity server no longer accepts this token (revoked or expired); sign in again");
      }
      if ("invalid_scope".equals(e.error())) {
        throw ProblemException.forbidden("paying needs a token with scope bakery");
      }
      throw new ProblemException(
          Problem.of(
              502,
              "bad-gateway",
              "Bad gateway",
              "the identity service refused to delegate to payments (" + e.error() + ")"));
    }
  }

  private Order ownOrder(Context ctx, VerifiedToken caller) {
    String id = ctx.pathParam("id");
    if (!ORDER_ID.matcher(id).matches()) {
      throw ProblemException.notFound("no such order");
    }
    return orders
        .find(id, caller.subject())
        .orElseThrow(() -> ProblemException.notFound("no such order"));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
