package io.bulwark.identity.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.identity.store.RegisteredClient.AuthMethod;
import io.bulwark.identity.store.RevocationEvent.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The behaviour every identity database must have; run against H2 and PostgreSQL. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class IdentityStoreContract {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  IdentityDatabase db;

  abstract IdentityDatabase open() throws Exception;

  @BeforeEach
  void openDatabase() throws Exception {
    db = open();
  }

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  static RegisteredClient client(String id) {
    return new RegisteredClient(
        id,
        "a".repeat(64),
        AuthMethod.CLIENT_SECRET,
        null,
        List.of("https://app.example/cb"),
        Set.of("authorization_code", "refresh_token"),
        Set.of("openid", "orders:read"),
        List.of("orders", "payments"),
        "orders",
        true,
        "test client",
        false,
        T0,
        TlsClientSettings.NONE);
  }

  @Test
  void storesTlsClientSettingsAndTheCertificateASessionIsBoundTo() {
    RegisteredClient c =
        new RegisteredClient(
            "svc",
            null,
            AuthMethod.TLS_CLIENT_AUTH,
            null,
            List.of(),
            Set.of("client_credentials"),
            Set.of("payments:charge"),
            List.of("payments"),
            null,
            false,
            null,
            false,
            T0,
            new TlsClientSettings(null, null, "spiffe://bakery.local/ns/shop/sa/orders", true));
    db.clients().create(c);
    db.grants()
        .createFamily(
            new RefreshFamily(
                "FB", "svc", "U1", "openid", T0, T0, T0.plusSeconds(60), false, List.of(), "x5t"));

    assertThat(db.clients().find("svc").orElseThrow()).usingRecursiveComparison().isEqualTo(c);
    assertThat(db.grants().findFamily("FB").orElseThrow().certificateThumbprint()).isEqualTo("x5t");
  }

  static UserAccount user(String id, String name) {
    return new UserAccount(
        id,
        name,
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
        List.of("customer"),
        List.of("staff"),
        Map.of("dept", "sales", "tenant", "bakery"),
        false,
        T0);
  }

  @Test
  void storesAndFindsClientsWithEveryField() {
    RegisteredClient c = client("web");
    db.clients().create(c);

    RegisteredClient found = db.clients().find("web").orElseThrow();
    assertThat(found).usingRecursiveComparison().isEqualTo(c);
    assertThat(db.clients().find("nope")).isEmpty();
    assertThat(db.clients().list()).extracting(RegisteredClient::clientId).containsExactly("web");
  }

  @Test
  void refusesADuplicateClientIdAsAConflict() {
    db.clients().create(client("web"));
    assertThatThrownBy(() -> db.clients().create(client("web")))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isConflict()).isTrue());
  }

  @Test
  void disablesRotatesAndDeletesClients() {
    db.clients().create(client("web"));
    assertThat(db.clients().setDisabled("web", true)).isTrue();
    assertThat(db.clients().setSecretHash("web", "b".repeat(64))).isTrue();
    RegisteredClient changed = db.clients().find("web").orElseThrow();
    assertThat(changed.disabled()).isTrue();
    assertThat(changed.secretHash()).isEqualTo("b".repeat(64));
    assertThat(db.clients().delete("web")).isTrue();
    assertThat(db.clients().delete("web")).isFalse();
  }

  @Test
  void storesUsersWithRolesGroupsAndAttributes() {
    UserAccount alice = user("U1", "alice");
    db.users().create(alice);

    assertThat(db.users().findByUsername("alice").orElseThrow())
        .usingRecursiveComparison()
        .isEqualTo(alice);
    assertThat(db.users().findById("U1").orElseThrow().attributes()).containsEntry("dept", "sales");
    assertThat(db.users().setDisabled("U1", true)).isTrue();
    assertThat(db.users().findById("U1").orElseThrow().disabled()).isTrue();
    assertThat(db.users().setPasswordHash("U1", "new")).isTrue();
    assertThat(db.users().findById("U1").orElseThrow().passwordHash()).isEqualTo("new");
  }

  @Test
  void refusesASecondUserWithTheSameName() {
    db.users().create(user("U1", "alice"));
    assertThatThrownBy(() -> db.users().create(user("U2", "alice")))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isConflict()).isTrue());
  }

  private AuthorizationCode code(String hash) {
    return new AuthorizationCode(
        hash,
        "web",
        "U1",
        "https://app.example/cb",
        "openid",
        "challenge",
        "n-1",
        T0,
        T0.plusSeconds(60),
        List.of("pwd", "otp"));
  }

  @Test
  void aCodeIsRedeemedOnceThenReportedAsReusedWithItsSession() {
    db.grants().saveCode(code("h1"));

    var first = db.grants().redeemCode("h1");
    assertThat(first)
        .isInstanceOfSatisfying(
            Redemption.Redeemed.class,
            r -> {
              assertThat(((AuthorizationCode) r.value()).nonce()).isEqualTo("n-1");
              assertThat(((AuthorizationCode) r.value()).amr()).containsExactly("pwd", "otp");
            });
    db.grants().linkCodeToFamily("h1", "F1");

    assertThat(db.grants().redeemCode("h1")).isEqualTo(new Redemption.Reused<>("F1"));
    assertThat(db.grants().redeemCode("unknown")).isEqualTo(new Redemption.Unknown<>());
  }

  @Test
  void ofConcurrentRedemptionsOfOneCodeExactlyOneWins() throws Exception {
    db.grants().saveCode(code("race"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Redemption<AuthorizationCode>>> results = new ArrayList<>();
      Callable<Redemption<AuthorizationCode>> task = () -> db.grants().redeemCode("race");
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(task));
      }
      int won = 0;
      for (var f : results) {
        if (f.get(30, TimeUnit.SECONDS) instanceof Redemption.Redeemed) {
          won++;
        }
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  private RefreshFamily family(String id, String user) {
    return new RefreshFamily(
        id,
        "web",
        user,
        "openid offline_access",
        T0,
        T0,
        T0.plusSeconds(86400),
        false,
        List.of("pwd"));
  }

  @Test
  void refreshTokensRotateOnceAndReuseNamesTheFamily() {
    db.grants().createFamily(family("F1", "U1"));
    db.grants().saveRefreshToken("r1", "F1", T0, T0.plusSeconds(3600));

    assertThat(db.grants().peekRefreshToken("r1")).isPresent();
    var first = db.grants().redeemRefreshToken("r1");
    assertThat(first)
        .isInstanceOfSatisfying(
            Redemption.Redeemed.class,
            r -> {
              RefreshGrant grant = (RefreshGrant) r.value();
              assertThat(grant.family().id()).isEqualTo("F1");
              assertThat(grant.tokenExpiresAt()).isEqualTo(T0.plusSeconds(3600));
            });
    assertThat(db.grants().peekRefreshToken("r1")).isEmpty();
    assertThat(db.grants().redeemRefreshToken("r1")).isEqualTo(new Redemption.Reused<>("F1"));
    assertThat(db.grants().redeemRefreshToken("nope")).isEqualTo(new Redemption.Unknown<>());
  }

  @Test
  void revokesAFamilyOnceAndEveryFamilyOfAUser() {
    db.grants().createFamily(family("F1", "U1"));
    db.grants().createFamily(family("F2", "U1"));
    db.grants().createFamily(family("F3", "U2"));

    assertThat(db.grants().revokeFamily("F1")).isTrue();
    assertThat(db.grants().revokeFamily("F1")).isFalse();
    assertThat(db.grants().revokeFamiliesOfUser("U1")).containsExactly("F2");
    assertThat(db.grants().findFamily("F2").orElseThrow().revoked()).isTrue();
    assertThat(db.grants().findFamily("F3").orElseThrow().revoked()).isFalse();
  }

  @Test
  void purgesExpiredCodesAndFamilies() {
    db.grants().saveCode(code("old"));
    db.grants().createFamily(family("F1", "U1"));
    db.grants().saveRefreshToken("r1", "F1", T0, T0.plusSeconds(60));

    assertThat(db.grants().purgeExpired(T0.plusSeconds(2 * 86400))).isEqualTo(2);
    assertThat(db.grants().redeemCode("old")).isEqualTo(new Redemption.Unknown<>());
    assertThat(db.grants().redeemRefreshToken("r1")).isEqualTo(new Redemption.Unknown<>());
  }

  @Test
  void revokedTokenIdsAreRememberedUntilTheyExpire() {
    db.revocations().revokeToken("jti-1", T0.plusSeconds(300));
    db.revocations().revokeToken("jti-1", T0.plusSeconds(300));

    assertThat(db.revocations().isTokenRevoked("jti-1")).isTrue();
    assertThat(db.revocations().isTokenRevoked("jti-2")).isFalse();
    db.revocations().purgeExpired(T0.plusSeconds(301));
    assertThat(db.revocations().isTokenRevoked("jti-1")).isFalse();
  }

  @Test
  void revocationEventsGetIncreasingSequenceNumbersAndPageInOrder() {
    assertThat(db.revocations().lastSeq()).isZero();
    RevocationEvent a = db.revocations().append(Kind.JTI, "j1", T0, T0.plusSeconds(300));
    RevocationEvent b = db.revocations().append(Kind.SID, "F1", T0, T0.plusSeconds(300));
    RevocationEvent c = db.revocations().append(Kind.SUB, "U1", T0, T0.plusSeconds(600));

    assertThat(List.of(a.seq(), b.seq(), c.seq())).isSorted().doesNotHaveDuplicates();
    assertThat(db.revocations().lastSeq()).isEqualTo(c.seq());
    assertThat(db.revocations().eventsAfter(0, 2)).containsExactly(a, b);
    assertThat(db.revocations().eventsAfter(b.seq(), 10)).containsExactly(c);
    db.revocations().purgeExpired(T0.plusSeconds(301));
    assertThat(db.revocations().eventsAfter(0, 10)).containsExactly(c);
  }

  @Test
  void concurrentRevocationAppendsNeverShareASequenceNumber() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<RevocationEvent>> futures = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String value = "j" + i;
        futures.add(
            pool.submit(() -> db.revocations().append(Kind.JTI, value, T0, T0.plusSeconds(60))));
      }
      List<Long> seqs = new ArrayList<>();
      for (var f : futures) {
        seqs.add(f.get(30, TimeUnit.SECONDS).seq());
      }
      assertThat(seqs).doesNotHaveDuplicates();
      assertThat(db.revocations().eventsAfter(0, 100)).hasSize(20);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void signingKeysRetireAndLeaveTheActiveSet() {
    db.signingKeys().add(new StoredKey("k1", "RS256", "{}", T0, null));
    db.signingKeys().add(new StoredKey("k2", "ES256", "{}", T0.plusSeconds(10), null));

    assertThat(db.signingKeys().retireAllExcept("k2", T0.plusSeconds(600))).isEqualTo(1);
    assertThat(db.signingKeys().active(T0.plusSeconds(599)))
        .extracting(StoredKey::kid)
        .containsExactly("k1", "k2");
    assertThat(db.signingKeys().active(T0.plusSeconds(600)))
        .extracting(StoredKey::kid)
        .containsExactly("k2");
    assertThat(db.signingKeys().purgeRetired(T0.plusSeconds(600))).isEqualTo(1);
  }

  @Test
  void totpStepsAreAcceptedOnceAndRecoveryCodesSpentOnce() {
    db.totp().begin(new TotpEnrolment("U1", "SECRET", false, -1, List.of("h1", "h2"), T0));
    assertThat(db.totp().find("U1").orElseThrow().confirmed()).isFalse();

    assertThat(db.totp().acceptStep("U1", 100)).isTrue();
    assertThat(db.totp().find("U1").orElseThrow().confirmed()).isTrue();
    assertThat(db.totp().acceptStep("U1", 100)).isFalse();
    assertThat(db.totp().acceptStep("U1", 99)).isFalse();
    assertThat(db.totp().acceptStep("U1", 101)).isTrue();

    assertThat(db.totp().spendRecoveryCode("U1", "h1")).isTrue();
    assertThat(db.totp().spendRecoveryCode("U1", "h1")).isFalse();
    assertThat(db.totp().find("U1").orElseThrow().recoveryCodeHashes()).containsExactly("h2");
    assertThat(db.totp().remove("U1")).isTrue();
    assertThat(db.totp().find("U1")).isEmpty();
  }
}
