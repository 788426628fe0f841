package io.bulwark.examples.bakery.orders;

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

/** Orders and their lines in the orders service's own database; reads are always per owner. */
final class OrderRepository {
  /** Most orders one listing returns (newest first). */
  static final int MAX_LISTED = 100;

  private static final String ORDER_COLUMNS =
      "id, owner, status, total_cents, currency, created_at, paid_at, charge_id";

  private final DataSource db;

  OrderRepository(DataSource db) {
    this.db = db;
  }

  void insert(Order order) {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO orders (" + ORDER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
          s.setString(1, order.id());
          s.setString(2, order.owner());
          s.setString(3, order.status());
          s.setLong(4, order.totalCents());
          s.setString(5, order.currency());
          s.setObject(6, utc(order.createdAt()));
          s.setObject(7, utc(order.paidAt()));
          s.setString(8, order.chargeId());
          s.executeUpdate();
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO order_lines (order_id, line_no, product_id, product_name, quantity,"
                    + " unit_price_cents) VALUES (?, ?, ?, ?, ?, ?)")) {
          for (int i = 0; i < order.items().size(); i++) {
            OrderLine line = order.items().get(i);
            s.setString(1, order.id());
            s.setInt(2, i);
            s.setString(3, line.productId());
            s.setString(4, line.productName());
            s.setInt(5, line.quantity());
            s.setLong(6, line.unitPriceCents());
            s.addBatch();
          }
          s.executeBatch();
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("insert order", e);
    }
  }

  List<Order> listByOwner(String owner) {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT "
                    + ORDER_COLUMNS
                    + " FROM orders WHERE owner = ? ORDER BY created_at DESC, id LIMIT "
                    + MAX_LISTED)) {
      s.setString(1, owner);
      List<Order> orders = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          orders.add(order(c, rs));
        }
      }
      return orders;
    } catch (SQLException e) {
      throw new StoreException("list orders", e);
    }
  }

  /** The order if it exists and belongs to {@code owner}. */
  Optional<Order> find(String id, String owner) {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT " + ORDER_COLUMNS + " FROM orders WHERE id = ? AND owner = ?")) {
      s.setString(1, id);
      s.setString(2, owner);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(order(c, rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("find order", e);
    }
  }

  /** Marks a pending order paid; false when it was no longer pending. */
  boolean markPaid(String id, String chargeId, Instant paidAt) {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE orders SET status = 'PAID', charge_id = ?, paid_at = ?"
                    + " WHERE id = ? AND status = 'PENDING'")) {
      s.setString(1, chargeId);
      s.setObject(2, utc(paidAt));
      s.setString(3, id);
      return s.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("mark order paid", e);
    }
  }

  private static Order order(Connection c, ResultSet rs) throws SQLException {
    String id = rs.getString("id");
    OffsetDateTime paidAt = rs.getObject("paid_at", OffsetDateTime.class);
    return new Order(
        id,
        rs.getString("owner"),
        rs.getString("status"),
        lines(c, id),
        rs.getLong("total_cents"),
        rs.getString("currency"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        paidAt == null ? null : paidAt.toInstant(),
        rs.getString("charge_id"));
  }

  private static List<OrderLine> lines(Connection c, String orderId) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT product_id, product_name, quantity, unit_price_cents FROM order_lines"
                + " WHERE order_id = ? ORDER BY line_no")) {
      s.setString(1, orderId);
      List<OrderLine> lines = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          int quantity = rs.getInt("quantity");
          long unit = rs.getLong("unit_price_cents");
          lines.add(
              new OrderLine(
                  rs.getString("product_id"),
                  rs.getString("product_name"),
                  quantity,
                  unit,
                  unit * quantity));
        }
      }
      return lines;
    }
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
