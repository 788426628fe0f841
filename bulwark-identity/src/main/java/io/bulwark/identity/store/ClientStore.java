package io.bulwark.identity.store;

import io.bulwark.identity.store.RegisteredClient.AuthMethod;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** The registered OAuth clients. Thread-safe. */
public final class ClientStore {
  private static final String COLUMNS =
      "client_id, secret_hash, auth_method, jwks, redirect_uris, grant_types, scopes, audiences,"
          + " resource, first_party, description, disabled, created_at, tls_subject_dn, tls_san_dns,"
          + " tls_san_uri, tls_bound_tokens";

  private final Jdbc jdbc;

  ClientStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Registers {@code client}.
   *
   * @throws StoreException with {@link StoreException#isConflict()} if the id is taken
   */
  public void create(RegisteredClient client) {
    jdbc.update(
        "insert into clients ("
            + COLUMNS
            + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        client.clientId(),
        client.secretHash(),
        client.authMethod().name(),
        client.jwks(),
        JsonColumns.write(client.redirectUris()),
        JsonColumns.write(client.grantTypes().stream().sorted().toList()),
        JsonColumns.write(client.scopes().stream().sorted().toList()),
        JsonColumns.write(client.audiences()),
        client.resource(),
        client.firstParty(),
        client.description(),
        client.disabled(),
        client.createdAt().toEpochMilli(),
        client.tls().subjectDn(),
        client.tls().sanDns(),
        client.tls().sanUri(),
        client.tls().boundAccessTokens());
  }

  /** The client with this id, if registered. */
  public Optional<RegisteredClient> find(String clientId) {
    return jdbc.one(
        "select " + COLUMNS + " from clients where client_id = ?", ClientStore::map, clientId);
  }

  /** Every client, by id. */
  public List<RegisteredClient> list() {
    return jdbc.query("select " + COLUMNS + " from clients order by client_id", ClientStore::map);
  }

  /** Replaces the secret hash; returns whether the client exists. */
  public boolean setSecretHash(String clientId, String secretHash) {
    return jdbc.update(
            "update clients set secret_hash = ? where client_id = ? and auth_method = ?",
            secretHash,
            clientId,
            AuthMethod.CLIENT_SECRET.name())
        == 1;
  }

  /** Enables or disables a client; returns whether it exists. */
  public boolean setDisabled(String clientId, boolean disabled) {
    return jdbc.update("update clients set disabled = ? where client_id = ?", disabled, clientId)
        == 1;
  }

  /** Deletes a client; returns whether it existed. */
  public boolean delete(String clientId) {
    return jdbc.update("delete from clients where client_id = ?", clientId) == 1;
  }

  private static RegisteredClient map(ResultSet row) throws SQLException {
    return new RegisteredClient(
        row.getString("client_id"),
        row.getString("secret_hash"),
        AuthMethod.valueOf(row.getString("auth_method")),
        row.getString("jwks"),
        JsonColumns.list(row.getString("redirect_uris")),
        new HashSet<>(JsonColumns.list(row.getString("grant_types"))),
        new HashSet<>(JsonColumns.list(row.getString("scopes"))),
        JsonColumns.list(row.getString("audiences")),
        row.getString("resource"),
        row.getBoolean("first_party"),
        row.getString("description"),
        row.getBoolean("disabled"),
        Instant.ofEpochMilli(row.getLong("created_at")),
        new TlsClientSettings(
            row.getString("tls_subject_dn"),
            row.getString("tls_san_dns"),
            row.getString("tls_san_uri"),
            row.getBoolean("tls_bound_tokens")));
  }
}
