package io.bulwark.examples.bakery.payments;

import io.bulwark.examples.bakery.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;

/** Charges in the payments service's own database; at most one per order. */
final class ChargeRepository {
  private static final String COLUMNS =
      "id, order_id, amount_cents, currency, status, requested_by, actor, created_at";
  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource db;

  ChargeRepository(DataSource db) {
    this.db = db;
  }

  /** Stores {@code charge}; false when the order already has a charge. */
  boolean insertIfAbsent(Charge charge) {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO charges (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, charge.id());
      s.setString(2, charge.orderId());
      s.setLong(3, charge.amountCents());
      s.setString(4, charge.currency());
      s.setString(5, charge.status());
      s.setString(6, charge.requestedBy());
      s.setString(7, charge.actor());
      s.setObject(8, charge.createdAt().atOffset(ZoneOffset.UTC));
      s.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw new StoreException("insert charge", e);
    }
  }

  Optional<Charge> find(String id) {
    return findBy("id", id);
  }

  Optional<Charge> findByOrder(String orderId) {
    return findBy("order_id", orderId);
  }

  private Optional<Charge> findBy(String column, String value) {
    try (Connection c = db.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT " + COLUMNS + " FROM charges WHERE " + column + " = ?")) {
      s.setString(1, value);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Charge(
                rs.getString("id"),
                rs.getString("order_id"),
                rs.getLong("amount_cents"),
                rs.getString("currency"),
                rs.getString("status"),
                rs.getString("requested_by"),
                rs.getString("actor"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant()));
      }
    } catch (SQLException e) {
      throw new StoreException("find charge", e);
    }
  }
}
