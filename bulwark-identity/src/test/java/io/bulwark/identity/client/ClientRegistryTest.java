package io.bulwark.identity.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.identity.store.IdentityDatabase;
import io.bulwark.identity.store.RegisteredClient.AuthMethod;
import io.bulwark.testkit.FakeClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientRegistryTest {
  @TempDir Path dir;
  IdentityDatabase db;
  ClientRegistry registry;

  @BeforeEach
  void open() {
    db = IdentityDatabase.h2(dir.resolve("identity"));
    registry = new ClientRegistry(db.clients(), new FakeClock());
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static ClientRegistry.Registration registration(String id, List<String> redirects) {
    return new ClientRegistry.Registration(
        id,
        AuthMethod.CLIENT_SECRET,
        null,
        redirects,
        Set.of("authorization_code"),
        Set.of("openid"),
        List.of("orders"),
        null,
        true,
        null);
  }

  @Test
  void generatesA256BitSecretAndStoresOnlyItsHash() {
    var registered = registry.register(registration("web", List.of("https://app.example/cb")));
    String secret = registered.secret().orElseThrow();
    assertThat(secret).hasSize(43);
    assertThat(db.clients().find("web").orElseThrow().secretHash())
        .isEqualTo(ClientSecrets.hash(secret))
        .doesNotContain(secret);
    assertThat(registered.toString()).doesNotContain(secret);
  }

  @Test
  void acceptsAPresetSecretForSeedingButNotAShortOne() {
    var seeded =
        registry.registerWithSecret(
            registration("orders", List.of("https://a.example/cb")), "x".repeat(24));
    assertThat(ClientSecrets.matches("x".repeat(24), seeded.client().secretHash())).isTrue();
    assertThatThrownBy(() ->
            registry.registerWithSecret(
                registration("b", List.of("https://a.example/cb")), "short"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesUnsafeRedirectUris() {
    for (String uri :
        List.of(
            "http://app.example/cb",
            "https://app.example/cb#f",
            "/relative",
            "javascript:alert(1)")) {
      assertThatThrownBy(() -> registry.register(registration("c", List.of(uri))))
          .as(uri)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(
            registry
                .register(registration("local", List.of("http://127.0.0.1:8080/cb")))
                .client()
                .clientId())
        .isEqualTo("local");
  }

  @Test
  void refusesAPublicClientForServiceGrants() {
    assertThatThrownBy(() ->
            registry.register(
                new ClientRegistry.Registration(
                    "p",
                    AuthMethod.NONE,
                    null,
                    List.of(),
                    Set.of("client_credentials"),
                    Set.of(),
                    List.of("x"),
                    null,
                    false,
                    null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void comparesSecretsByHash() {
    String hash = ClientSecrets.hash("s3cret-value-with-enough-length");
    assertThat(ClientSecrets.matches("s3cret-value-with-enough-length", hash)).isTrue();
    assertThat(ClientSecrets.matches("s3cret-value-with-enough-lengtH", hash)).isFalse();
    assertThat(ClientSecrets.matches("x", "not-hex")).isFalse();
  }
}
