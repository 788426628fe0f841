package io.bulwark.identity.oauth;

import io.bulwark.identity.client.ClientSecrets;
import io.bulwark.identity.store.BrowserSession;
import io.bulwark.identity.store.BrowserSessionStore;
import io.bulwark.identity.store.UserAccount;
import io.bulwark.identity.store.UserStore;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Browser single sign-on: after a sign-in the browser gets a {@code __Host-bulwark-session} cookie
 * (Secure, HttpOnly, SameSite=Lax, 256 random bits; only its SHA-256 is stored), so later
 * authorization requests by the same browser skip the sign-in form. A session ends after {@code
 * idleTtl} without use, at {@code maxTtl} after sign-in, at logout, or when its user is disabled or
 * deleted.
 */
final class BrowserSessions {
  /** The session cookie ({@code __Host-}: Secure, path /, no Domain, so only this origin). */
  static final String COOKIE = "__Host-bulwark-session";

  private final BrowserSessionStore store;
  private final UserStore users;
  private final Duration idleTtl;
  private final Duration maxTtl;
  private final Clock clock;

  /** A live session with its (enabled) user. */
  record Current(BrowserSession session, UserAccount user) {}

  BrowserSessions(
      BrowserSessionStore store, UserStore users, Duration idleTtl, Duration maxTtl, Clock clock) {
    this.store = store;
    this.users = users;
    this.idleTtl = idleTtl;
    this.maxTtl = maxTtl;
    this.clock = clock;
  }

  /** The browser's live session, if its cookie names one; a dead one is removed. */
  Optional<Current> current(Context ctx) {
    String value = ctx.cookie(COOKIE);
    if (value == null || value.isEmpty() || value.length() > 128) {
      return Optional.empty();
    }
    String hash = ClientSecrets.hash(value);
    Optional<BrowserSession> found = store.find(hash);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    BrowserSession session = found.get();
    Instant now = clock.instant();
    Optional<UserAccount> user = users.findById(session.userId());
    if (!session.absoluteExpiresAt().isAfter(now)
        || !session.lastSeenAt().plus(idleTtl).isAfter(now)
        || user.isEmpty()
        || user.get().disabled()) {
      store.delete(hash);
      return Optional.empty();
    }
    store.touch(hash, now);
    return Optional.of(new Current(session, user.get()));
  }

  /** Starts a session for {@code user} (ending the browser's previous one) and sets the cookie. */
  void start(Context ctx, UserAccount user, Instant authTime, List<String> amr) {
    end(ctx);
    String value = Randoms.token(32);
    Instant now = clock.instant();
    store.purge(now, now.minus(idleTtl));
    store.create(
        new BrowserSession(
            ClientSecrets.hash(value), user.id(), authTime, amr, now, now.plus(maxTtl)));
    Cookie cookie = new Cookie(COOKIE, value);
    cookie.setSecure(true);
    cookie.setHttpOnly(true);
    cookie.setPath("/");
    cookie.setSameSite(SameSite.LAX);
    cookie.setMaxAge((int) maxTtl.toSeconds());
    ctx.cookie(cookie);
  }

  /** Ends the browser's session, if any, and clears its cookie. */
  void end(Context ctx) {
    String value = ctx.cookie(COOKIE);
    if (value != null && !value.isEmpty() && value.length() <= 128) {
      store.delete(ClientSecrets.hash(value));
      Cookie cookie = new Cookie(COOKIE, "");
      cookie.setSecure(true);
      cookie.setHttpOnly(true);
      cookie.setPath("/");
      cookie.setSameSite(SameSite.LAX);
      cookie.setMaxAge(0);
      ctx.cookie(cookie);
    }
  }

  /** Ends every session of a user (disable, delete, password reset). */
  void endAll(String userId) {
    store.deleteForUser(userId);
  }
}
