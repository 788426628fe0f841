package io.bulwark.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.gateway.auth.AuthFailure.Reason;
import io.bulwark.testkit.FakeClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {
  private final FakeClock clock = new FakeClock();
  private final SecureRandom random = new SecureRandom();

  private static Reason reason(AuthResult result) {
    assertThat(result).isInstanceOf(AuthResult.Rejected.class);
    return ((AuthResult.Rejected) result).failure().reason();
  }

  @Test
  void generatedKeysHaveThePrefixAndOnlyTheirHashIsStored() {
    ApiKeys.Generated key = ApiKeys.generate(random);

    assertThat(key.plaintext()).matches("bwk_[a-z2-7]{16}_[A-Za-z0-9_-]{43}");
    assertThat(key.plaintext()).startsWith("bwk_" + key.id() + "_");
    assertThat(key.sha256()).isEqualTo(ApiKeys.hash(key.plaintext())).hasSize(43);
    assertThat(key.toString()).doesNotContain(key.plaintext());
    assertThat(ApiKeys.generate(random).plaintext()).isNotEqualTo(key.plaintext());
  }

  @Test
  void acceptsAStoredKeyAndGivesItsScopesAndRateLimitPolicy() {
    ApiKeys.Generated key = ApiKeys.generate(random);
    var auth =
        new ApiKeyAuthenticator(
            List.of(
                new ApiKeyRecord(
                    key.id(), key.sha256(), "ci-bot", Set.of("orders:read"), "bots", null)),
            clock);

    AuthResult result = auth.authenticate(key.plaintext());

    assertThat(result).isInstanceOf(AuthResult.Authenticated.class);
    AuthenticatedPrincipal p = ((AuthResult.Authenticated) result).principal();
    assertThat(p.method()).isEqualTo(AuthMethod.API_KEY);
    assertThat(p.subject()).isEqualTo("ci-bot");
    assertThat(p.clientId()).isEqualTo(key.id());
    assertThat(p.scopes()).containsExactly("orders:read");
    assertThat(p.claims())
        .containsEntry(ApiKeyAuthenticator.API_KEY_ID_CLAIM, key.id())
        .containsEntry(ApiKeyAuthenticator.RATE_LIMIT_POLICY_CLAIM, "bots");
  }

  @Test
  void rejectsAKeyWhoseSecretDiffers() {
    ApiKeys.Generated key = ApiKeys.generate(random);
    var auth =
        new ApiKeyAuthenticator(
            List.of(new ApiKeyRecord(key.id(), key.sha256(), "ci-bot", Set.of(), null, null)),
            clock);
    String last = key.plaintext().substring(key.plaintext().length() - 1);
    String forged =
        key.plaintext().substring(0, key.plaintext().length() - 1) + (last.equals("A") ? "B" : "A");

    assertThat(reason(auth.authenticate(forged))).isEqualTo(Reason.INVALID_API_KEY);
  }

  @Test
  void rejectsUnknownMalformedAndExpiredKeys() {
    ApiKeys.Generated key = ApiKeys.generate(random);
    var auth =
        new ApiKeyAuthenticator(
            List.of(
                new ApiKeyRecord(
                    key.id(),
                    key.sha256(),
                    "ci-bot",
                    Set.of(),
                    null,
                    clock.instant().plusSeconds(60))),
            clock);

    assertThat(auth.authenticate(key.plaintext()).authenticated()).isTrue();
    assertThat(reason(auth.authenticate(ApiKeys.generate(random).plaintext())))
        .isEqualTo(Reason.INVALID_API_KEY);
    assertThat(reason(auth.authenticate("bwk_short"))).isEqualTo(Reason.INVALID_API_KEY);
    assertThat(reason(auth.authenticate(key.plaintext() + "x"))).isEqualTo(Reason.INVALID_API_KEY);
    assertThat(reason(auth.authenticate(null))).isEqualTo(Reason.MISSING_CREDENTIALS);
    clock.advance(Duration.ofSeconds(60));
    assertThat(reason(auth.authenticate(key.plaintext()))).isEqualTo(Reason.INVALID_API_KEY);
  }

  @Test
  void replacingKeysRevokesTheOldOnes() {
    ApiKeys.Generated a = ApiKeys.generate(random);
    ApiKeys.Generated b = ApiKeys.generate(random);
    var auth =
        new ApiKeyAuthenticator(
            List.of(new ApiKeyRecord(a.id(), a.sha256(), "a", Set.of(), null, null)), clock);

    auth.replaceKeys(List.of(new ApiKeyRecord(b.id(), b.sha256(), "b", Set.of(), null, null)));

    assertThat(auth.authenticate(a.plaintext()).authenticated()).isFalse();
    assertThat(auth.authenticate(b.plaintext()).authenticated()).isTrue();
  }

  @Test
  void recordsRefusePlaintextWhereAHashBelongs() {
    ApiKeys.Generated key = ApiKeys.generate(random);

    assertThatThrownBy(() -> new ApiKeyRecord(key.id(), key.plaintext(), "x", Set.of(), null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ApiKeys.looksLikeApiKey(key.plaintext())).isTrue();
    assertThat(ApiKeys.looksLikeApiKey("eyJhbGciOi")).isFalse();
  }
}
