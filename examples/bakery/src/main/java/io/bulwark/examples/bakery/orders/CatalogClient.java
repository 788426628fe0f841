package io.bulwark.examples.bakery.orders;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Optional;

/** Reads products from the catalog service ({@code GET /products/{id}}, anonymous). */
final class CatalogClient {
  /** The part of a catalog product that orders needs. */
  record CatalogProduct(String id, String name, Long priceCents, String currency) {}

  private final Downstream catalog;

  CatalogClient(HttpClient http, URI baseUri) {
    this.catalog = new Downstream(http, baseUri, "catalog");
  }

  /** The product, empty when the catalog doesn't have it; 502 problem when it can't tell. */
  Optional<CatalogProduct> product(String id) {
    Downstream.Response response = catalog.send(catalog.request("/products/" + id).GET().build());
    if (response.status() == 404) {
      return Optional.empty();
    }
    if (response.status() != 200) {
      throw catalog.failed("answered " + response.status());
    }
    CatalogProduct product = catalog.parse(response.body(), CatalogProduct.class);
    if (!id.equals(product.id())
        || product.name() == null
        || product.priceCents() == null
        || product.priceCents() <= 0
        || product.currency() == null) {
      throw catalog.failed("answered with an invalid product");
    }
    return Optional.of(product);
  }
}
