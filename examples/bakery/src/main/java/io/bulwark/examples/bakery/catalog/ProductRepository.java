package io.bulwark.examples.bakery.catalog;

import io.bulwark.examples.bakery.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Products in the catalog's own database. */
final class ProductRepository {
  /** Most products one listing returns. */
  static final int MAX_LISTED = 1000;

  private final DataSource db;

  ProductRepository(DataSource db) {
    this.db = db;
  }

  List<Product> list() {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, name, price_cents, currency, updated_at FROM products"
                    + " ORDER BY name, id LIMIT "
                    + MAX_LISTED);
        ResultSet rs = s.executeQuery()) {
      List<Product> products = new ArrayList<>();
      while (rs.next()) {
        products.add(product(rs));
      }
      return products;
    } catch (SQLException e) {
      throw new StoreException("list products", e);
    }
  }

  Optional<Product> find(String id) {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT id, name, price_cents, currency, updated_at FROM products WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(product(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("find product", e);
    }
  }

  void insert(Product p) {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO products (id, name, price_cents, currency, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
      s.setString(1, p.id());
      s.setString(2, p.name());
      s.setLong(3, p.priceCents());
      s.setString(4, p.currency());
      s.setObject(5, utc(p.updatedAt()));
      s.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("insert product", e);
    }
  }

  /** Replaces a product's fields; false when it doesn't exist. */
  boolean update(Product p) {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE products SET name = ?, price_cents = ?, currency = ?, updated_at = ?"
                    + " WHERE id = ?")) {
      s.setString(1, p.name());
      s.setLong(2, p.priceCents());
      s.setString(3, p.currency());
      s.setObject(4, utc(p.updatedAt()));
      s.setString(5, p.id());
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("update product", e);
    }
  }

  private static Product product(ResultSet rs) throws SQLException {
    return new Product(
        rs.getString("id"),
        rs.getString("name"),
        rs.getLong("price_cents"),
        rs.getString("currency"),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
