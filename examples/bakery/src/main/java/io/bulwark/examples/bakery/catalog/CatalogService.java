package io.bulwark.examples.bakery.catalog;

import io.bulwark.core.problem.ProblemException;
import io.bulwark.examples.bakery.common.CallerAuthenticator;
import io.bulwark.examples.bakery.common.Json;
import io.bulwark.sdk.token.TokenVerifier;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The bakery's product catalog. Anyone may list and read products; only callers whose token carries
 * role {@value #ADMIN_ROLE} may create or change them.
 *
 * <ul>
 *   <li>{@code GET /products}: all products, {@code {"products": [...]}}
 *   <li>{@code GET /products/{id}}: one product, or 404
 *   <li>{@code POST /products} (admin): create, 201 with {@code Location}
 *   <li>{@code PUT /products/{id}} (admin): replace name, price and currency, or 404
 * </ul>
 */
public final class CatalogService {
  /** The role allowed to change the catalog. */
  public static final String ADMIN_ROLE = "admin";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private final ProductRepository products;
  private final CallerAuthenticator callers;
  private final Clock clock = Clock.systemUTC();

  /**
   * @param database the catalog's own database ({@code BakeryDatabase.open(dir, "catalog")})
   * @param verifier verifies tokens issued for the catalog's audience
   */
  public CatalogService(DataSource database, TokenVerifier verifier) {
    this.products = new ProductRepository(database);
    this.callers = new CallerAuthenticator(verifier, "catalog");
  }

  /** Declares the catalog's endpoints. */
  public void routes(RoutesConfig routes) {
    routes.get("/products", this::list);
    routes.get("/products/{id}", this::read);
    routes.post("/products", this::create);
    routes.put("/products/{id}", this::replace);
  }

  private void list(Context ctx) {
    Json.write(ctx, 200, Map.of("products", products.list()));
  }

  private void read(Context ctx) {
    String id = productId(ctx);
    Json.write(ctx, 200, products.find(id).orElseThrow(() -> notFound(id)));
  }

  private void create(Context ctx) {
    callers.requireRole(ctx, ADMIN_ROLE);
    ProductRequest request = Json.read(ctx, ProductRequest.class).validate();
    Product product =
        new Product(
            UUID.randomUUID().toString(),
            request.name(),
            request.priceCents(),
            request.currency(),
            now());
    products.insert(product);
    ctx.header("Location", "/products/" + product.id());
    Json.write(ctx, 201, product);
  }

  private void replace(Context ctx) {
    callers.requireRole(ctx, ADMIN_ROLE);
    String id = productId(ctx);
    ProductRequest request = Json.read(ctx, ProductRequest.class).validate();
    Product product =
        new Product(id, request.name(), request.priceCents(), request.currency(), now());
    if (!products.update(product)) {
      throw notFound(id);
    }
    Json.write(ctx, 200, product);
  }

  private static String productId(Context ctx) {
    String id = ctx.pathParam("id");
    if (!ID.matcher(id).matches()) {
      throw ProblemException.notFound("no such product");
    }
    return id;
  }

  private static ProblemException notFound(String id) {
    return ProblemException.notFound("no product " + id);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
