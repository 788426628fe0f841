package io.bulwark.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestPostgresTest {

  @Test
  void sharedServerAnswersSelectOne() throws SQLException {
    TestPostgres pg = TestPostgres.get();
    assertThat(TestPostgres.get()).isSameAs(pg);
    assertThat(pg.embedded()).isEqualTo(System.getenv(TestPostgres.URL_ENV) == null);
    try (Connection connection = pg.connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select 1")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void freshDatabasesAreEmptyAndDistinct() throws SQLException {
    TestPostgres pg = TestPostgres.get();
    String first = pg.freshDatabase("kit");
    String second = pg.freshDatabase("kit");
    assertThat(first).isNotEqualTo(second).doesNotContain("password");

    try (Connection connection = pg.connect(first);
        Statement statement = connection.createStatement()) {
      try (ResultSet rs =
          statement.executeQuery(
              "select count(*) from information_schema.tables where table_schema = 'public'")) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
      statement.execute("create table marker (id int)");
      try (ResultSet rs = statement.executeQuery("select current_database()")) {
        rs.next();
        assertThat(first).contains("/" + rs.getString(1));
      }
    }
    try (Connection connection = pg.connect(second);
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "select count(*) from information_schema.tables where table_name = 'marker'")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
  }

  @Test
  void externalUrlIsSplitIntoUrlAndCredentials() {
    TestPostgres pg =
        TestPostgres.external(
            "jdbc:postgresql://db.example:5433/app?user=alice&password=s%26cret&sslmode=require");
    assertThat(pg.embedded()).isFalse();
    assertThat(pg.user()).isEqualTo("alice");
    assertThat(pg.password()).isEqualTo("s&cret");
    assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/app?sslmode=require");
  }

  @Test
  void externalPathCreatesFreshDatabasesOnTheServerItNames() throws SQLException {
    TestPostgres running = TestPostgres.get();
    TestPostgres external = TestPostgres.external(running.jdbcUrl() + "?user=" + running.user());
    String url = external.freshDatabase("ext");
    try (Connection connection = external.connect(url);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select 1")) {
      assertThat(rs.next()).isTrue();
    }
  }

  @Test
  void rejectsPrefixesThatAreNotPlainIdentifiers() {
    TestPostgres pg = TestPostgres.external("jdbc:postgresql://127.0.0.1/x");
    assertThatThrownBy(() -> pg.freshDatabase("a; drop database x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> pg.freshDatabase("Upper"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsNonPostgresUrls() {
    assertThatThrownBy(() -> TestPostgres.external("jdbc:mysql://localhost/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(TestPostgres.URL_ENV);
  }
}
