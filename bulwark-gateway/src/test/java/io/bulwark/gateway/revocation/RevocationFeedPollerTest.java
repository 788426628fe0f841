package io.bulwark.gateway.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import io.bulwark.core.log.Secret;
import io.bulwark.gateway.auth.AuthResult;
import io.bulwark.gateway.auth.AuthenticatedPrincipal;
import io.bulwark.gateway.auth.IssuerSettings;
import io.bulwark.gateway.auth.JwksServer;
import io.bulwark.gateway.auth.JwtAuthenticator;
import io.bulwark.gateway.auth.TokenMinter;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RevocationFeedPollerTest {
  private final FeedServer feed = new FeedServer();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final RevocationList list = new RevocationList(1000, Clock.systemUTC());
  private RevocationFeedPoller poller;

  @AfterEach
  void stop() {
    if (poller != null) {
      poller.close();
    }
    scheduler.shutdownNow();
    feed.close();
  }

  private RevocationFeedPoller poller(String secret) {
    var settings =
        RevocationFeedSettings.of(
            URI.create(feed.issuer()), FeedServer.CLIENT_ID, Secret.of(secret));
    poller = new RevocationFeedPoller(settings, list, http, scheduler);
    return poller;
  }

  @Test
  void aRevokedTokenIsRejectedWithinOneSecondOfTheEvent() {
    try (JwksServer issuer = JwksServer.oidc()) {
      TokenMinter minter = new TokenMinter(issuer.issuer(), TokenMinter.newKey("k1"));
      issuer.publish(minter.key());
      JwtAuthenticator auth =
          new JwtAuthenticator(
              List.of(IssuerSettings.builder(issuer.issuer()).audience("bakery").build()),
              http,
              Clock.systemUTC(),
              100);
      Instant now = Instant.now();
      String token = minter.mint(minter.claims(now.minusSeconds(1)).build());
      AuthResult result = auth.authenticate(token, null).toCompletableFuture().join();
      AuthenticatedPrincipal principal = ((AuthResult.Authenticated) result).principal();
      poller(FeedServer.CLIENT_SECRET).start();
      assertThat(Await.within(Duration.ofSeconds(5), () -> poller.cursor() != null)).isTrue();
      assertThat(list.isRevoked(principal)).isFalse();

      feed.add("jti", principal.tokenId(), now, now.plus(Duration.ofMinutes(10)));

      assertThat(Await.within(Duration.ofSeconds(1), () -> list.isRevoked(principal))).isTrue();
      AuthResult again = list.check(auth.authenticate(token, null).toCompletableFuture().join());
      assertThat(again).isInstanceOf(AuthResult.Rejected.class);
      assertThat(((AuthResult.Rejected) again).failure().reason())
          .isEqualTo(io.bulwark.gateway.auth.AuthFailure.Reason.REVOKED);
    }
  }

  @Test
  void resumesFromTheLastCursorAndPagesUntilCaughtUp() {
    Instant now = Instant.now();
    for (int i = 0; i < 5; i++) {
      feed.add("jti", "t" + i, now, now.plus(Duration.ofMinutes(10)));
    }
    poller(FeedServer.CLIENT_SECRET).pollNow();

    assertThat(Await.within(Duration.ofSeconds(5), () -> "00000005".equals(poller.cursor())))
        .isTrue();
    assertThat(list.size()).isEqualTo(5);
    assertThat(feed.sinceSeen()).startsWith("null", "00000002", "00000004");
  }

  @Test
  void keepsTheCursorOnErrorsAndRecovers() {
    Instant now = Instant.now();
    feed.add("jti", "t0", now, now.plus(Duration.ofMinutes(10)));
    poller(FeedServer.CLIENT_SECRET).start();
    assertThat(Await.within(Duration.ofSeconds(5), () -> "00000001".equals(poller.cursor())))
        .isTrue();

    feed.failWith(500);
    feed.add("jti", "t1", now, now.plus(Duration.ofMinutes(10)));
    int before = feed.requests();
    assertThat(Await.within(Duration.ofSeconds(5), () -> feed.requests() >= before + 2)).isTrue();
    assertThat(poller.cursor()).isEqualTo("00000001");
    assertThat(list.isRevoked("t1", null, null, now)).isFalse();

    feed.failWith(0);
    assertThat(Await.within(Duration.ofSeconds(15), () -> list.isRevoked("t1", null, null, now)))
        .isTrue();
  }

  @Test
  void doesNotMoveTheCursorPastAMalformedPage() {
    poller(FeedServer.CLIENT_SECRET);
    feed.answerRaw("{\"events\":[{\"kind\":\"jti\"}],\"cursor\":\"00000009\"}");
    poller.start();

    assertThat(Await.within(Duration.ofSeconds(3), () -> feed.requests() >= 2)).isTrue();
    assertThat(poller.cursor()).isNull();
  }

  @Test
  void appliesNothingWhenTheFeedRefusesTheClient() {
    Instant now = Instant.now();
    feed.add("jti", "t0", now, now.plus(Duration.ofMinutes(10)));
    poller("wrong-secret").start();

    assertThat(Await.within(Duration.ofSeconds(3), () -> feed.requests() >= 2)).isTrue();
    assertThat(poller.cursor()).isNull();
    assertThat(list.size()).isZero();
  }

  @Test
  void refusesAPollIntervalAboveHalfASecond() {
    var settings = RevocationFeedSettings.of(URI.create(feed.issuer()), "gateway", Secret.of("x"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> settings.withInterval(Duration.ofMillis(501)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
