package io.bulwark.cli.dev;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.bulwark.core.fs.AtomicFiles;
import io.bulwark.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The demo users and clients that {@code bulwark up} creates on first start and keeps in {@code
 * demo-credentials.json} (mode 0600). Passwords and secrets are random per data dir, never fixed in
 * the code.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DemoCredentials(List<User> users, List<Client> clients) {

  /** File name inside the data dir. */
  public static final String FILE_NAME = "demo-credentials.json";

  /** Client id of the orders service, the only caller the payments service accepts. */
  public static final String ORDERS_CLIENT_ID = "orders-service";

  /** Client id that end-user demo tokens are issued to. */
  public static final String CLI_CLIENT_ID = "bulwark-cli";

  /**
   * Client id of the bootstrap admin client: {@code client_credentials} with scope {@code
   * identity:admin}, used by {@code bulwark users|clients|roles|keys} when no token is given.
   */
  public static final String ADMIN_CLIENT_ID = "bulwark-admin";

  /** Audience of the admin client's tokens: the identity server itself. */
  public static final String ADMIN_AUDIENCE = "identity";

  /** A demo user: the roles and attributes become token claims. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record User(String username, String password, List<String> roles, String tenant) {}

  /** A demo OAuth client. */
  public record Client(String clientId, String clientSecret, String description) {}

  public DemoCredentials {
    users = List.copyOf(users);
    clients = List.copyOf(clients);
  }

  /** The user with this name, if any. */
  public Optional<User> user(String username) {
    return users.stream().filter(u -> u.username().equals(username)).findFirst();
  }

  /** The client with this id, if any. */
  public Optional<Client> client(String clientId) {
    return clients.stream().filter(c -> c.clientId().equals(clientId)).findFirst();
  }

  /** Reads the file in {@code dataDir}, or creates it with fresh random secrets on first start. */
  public static DemoCredentials loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        DemoCredentials existing = Json.mapper().readValue(file.toFile(), DemoCredentials.class);
        if (existing.client(ADMIN_CLIENT_ID).isPresent()) {
          return existing;
        }
        // A data dir from before the admin client existed: add it, keep everything else.
        List<Client> clients = new ArrayList<>(existing.clients());
        clients.add(adminClient(new SecureRandom()));
        DemoCredentials upgraded = new DemoCredentials(existing.users(), clients);
        AtomicFiles.write(
            file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(upgraded), true);
        return upgraded;
      }
      DemoCredentials created = generate(new SecureRandom());
      AtomicFiles.write(
          file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(created), true);
      return created;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write " + file, e);
    }
  }

  /**
   * Reads the file in {@code dataDir}; fails with a clear message when {@code bulwark up} never
   * ran.
   */
  public static DemoCredentials load(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      throw new IllegalStateException(
          file + " does not exist: run `./bulwark up` (with the same --data-dir) first");
    }
    try {
      return Json.mapper().readValue(file.toFile(), DemoCredentials.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static DemoCredentials generate(SecureRandom random) {
    return new DemoCredentials(
        List.of(
            new User("alice", secret(random), List.of("customer"), "bakery"),
            new User("bob", secret(random), List.of("customer"), "bakery"),
            new User("carol", secret(random), List.of("admin"), "bakery"),
            new User("dave", secret(random), List.of("support"), "bakery")),
        List.of(
            new Client(ORDERS_CLIENT_ID, secret(random), "the orders service; calls payments"),
            new Client(CLI_CLIENT_ID, null, "public client used by `bulwark token` for demo users"),
            adminClient(random)));
  }

  private static Client adminClient(SecureRandom random) {
    return new Client(
        ADMIN_CLIENT_ID,
        secret(random),
        "bootstrap admin client (scope identity:admin) of `bulwark users|clients|roles|keys`");
  }

  private static String secret(SecureRandom random) {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
