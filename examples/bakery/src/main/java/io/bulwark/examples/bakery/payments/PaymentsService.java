package io.bulwark.examples.bakery.payments;

import io.bulwark.core.problem.ProblemException;
import io.bulwark.examples.bakery.common.CallerAuthenticator;
import io.bulwark.examples.bakery.common.Json;
import io.bulwark.sdk.token.TokenVerifier;
import io.bulwark.sdk.token.VerifiedToken;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The bakery's payments (simulated: every valid charge is captured). Only the orders service may
 * call it: the token's {@code client_id} must be the configured orders client, and the token is
 * either the orders service's own ({@code sub} the client, no {@code act}) or one it got by token
 * exchange for a customer (RFC 8693: {@code act.sub} the orders client, {@code sub} the customer).
 * So no token a user holds works here, whatever its roles; a delegated charge records both the
 * customer and the orders service, and a delegated token reads only its customer's charges.
 *
 * <ul>
 *   <li>{@code POST /charges} {@code {"orderId":"...","amountCents":420,"currency":"EUR"}}: 201
 *       with a new charge; idempotent per order, so a repeat answers 200 with the same charge, and
 *       a repeat with another amount or currency answers 409
 *   <li>{@code GET /charges/{id}}: one charge, or 404
 * </ul>
 */
public final class PaymentsService {
  private static final Pattern CHARGE_ID = Pattern.compile("[0-9a-f-]{36}");

  private final ChargeRepository charges;
  private final CallerAuthenticator callers;
  private final String ordersClientId;
  private final Clock clock = Clock.systemUTC();

  /**
   * @param database the payments service's own database ({@code BakeryDatabase.open(dir,
   *     "payments")})
   * @param verifier verifies tokens issued for the payments audience
   * @param ordersClientId the orders service's OAuth client id, e.g. {@code orders-service}
   */
  public PaymentsService(DataSource database, TokenVerifier verifier, String ordersClientId) {
    this.charges = new ChargeRepository(database);
    this.callers = new CallerAuthenticator(verifier, "payments");
    this.ordersClientId = Objects.requireNonNull(ordersClientId, "ordersClientId");
  }

  /** Declares the payments endpoints. */
  public void routes(RoutesConfig routes) {
    routes.post("/charges", this::charge);
    routes.get("/charges/{id}", this::read);
  }

  private void charge(Context ctx) {
    VerifiedToken caller = requireOrdersService(ctx);
    ChargeRequest request = Json.read(ctx, ChargeRequest.class).validate();
    Charge charge =
        new Charge(
            UUID.randomUUID().toString(),
            request.orderId(),
            request.amountCents(),
            request.currency(),
            Charge.CAPTURED,
            caller.subject(),
            ordersClientId,
            clock.instant().truncatedTo(ChronoUnit.MICROS));
    if (charges.insertIfAbsent(charge)) {
      ctx.header("Location", "/charges/" + charge.id());
      Json.write(ctx, 201, charge);
      return;
    }
    Charge existing = charges.findByOrder(request.orderId()).orElseThrow();
    if (existing.amountCents() != request.amountCents()
        || !existing.currency().equals(request.currency())) {
      throw ProblemException.conflict("order was already charged with another amount");
    }
    Json.write(ctx, 200, existing);
  }

  private void read(Context ctx) {
    VerifiedToken caller = requireOrdersService(ctx);
    String id = ctx.pathParam("id");
    if (!CHARGE_ID.matcher(id).matches()) {
      throw ProblemException.notFound("no such charge");
    }
    Charge charge =
        charges
            .find(id)
            .filter(c -> actor(caller) == null || c.requestedBy().equals(caller.subject()))
            .orElseThrow(() -> ProblemException.notFound("no such charge"));
    Json.write(ctx, 200, charge);
  }

  /**
   * The caller if it is the orders service: its own token, or one delegated to it by a customer.
   */
  private VerifiedToken requireOrdersService(Context ctx) {
    VerifiedToken caller = callers.requireClient(ctx, ordersClientId);
    String actor = actor(caller);
    boolean own = actor == null && ordersClientId.equals(caller.subject());
    boolean delegated = ordersClientId.equals(actor);
    if (!own && !delegated) {
      throw ProblemException.forbidden(
          "this endpoint is for the " + ordersClientId + " service only");
    }
    return caller;
  }

  /** The {@code act.sub} of a delegated token (RFC 8693 §4.1), or null. */
  private static String actor(VerifiedToken token) {
    if (token.claims().get("act") instanceof Map<?, ?> act
        && act.get("sub") instanceof String sub) {
      return sub;
    }
    return token.claims().containsKey("act") ? "" : null;
  }
}
