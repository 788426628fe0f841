package io.bulwark.identity.oauth;

import com.nimbusds.jwt.JWTClaimsSet;
import io.bulwark.identity.client.ClientSecrets;
import io.bulwark.identity.store.ClientStore;
import io.bulwark.identity.store.GrantStore;
import io.bulwark.identity.store.RefreshGrant;
import io.bulwark.identity.store.RegisteredClient;
import io.bulwark.identity.store.RevocationStore;
import io.bulwark.identity.store.UserAccount;
import io.bulwark.identity.store.UserStore;
import io.bulwark.identity.token.TokenReader;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a token is still good right now: an access token must verify, be unexpired and not be
 * revoked (by jti, by its session, or by its user or client being disabled or deleted); a refresh
 * token must be unused, unexpired and in a live session. Thread-safe.
 */
public final class TokenStatus {
  private final TokenReader reader;
  private final RevocationStore revocations;
  private final GrantStore grants;
  private final UserStore users;
  private final ClientStore clients;
  private final Clock clock;

  public TokenStatus(
      TokenReader reader,
      RevocationStore revocations,
      GrantStore grants,
      UserStore users,
      ClientStore clients,
      Clock clock) {
    this.reader = reader;
    this.revocations = revocations;
    this.grants = grants;
    this.users = users;
    this.clients = clients;
    this.clock = clock;
  }

  /** The claims of an active access token. */
  public Optional<JWTClaimsSet> activeAccessToken(String token) {
    Optional<JWTClaimsSet> read = reader.accessToken(token);
    if (read.isEmpty()) {
      return read;
    }
    JWTClaimsSet claims = read.get();
    if (revocations.isTokenRevoked(claims.getJWTID())) {
      return Optional.empty();
    }
    try {
      String sid = claims.getStringClaim("sid");
      if (sid != null && grants.findFamily(sid).map(f -> f.revoked()).orElse(true)) {
        return Optional.empty();
      }
      String clientId = claims.getStringClaim("client_id");
      Optional<RegisteredClient> client = clients.find(clientId);
      if (client.isEmpty() || client.get().disabled()) {
        return Optional.empty();
      }
      if (!claims.getSubject().equals(clientId) || sid != null) {
        Optional<UserAccount> user = users.findById(claims.getSubject());
        if (user.isEmpty() || user.get().disabled()) {
          return Optional.empty();
        }
      }
    } catch (ParseException e) {
      return Optional.empty();
    }
    return read;
  }

  /** The session of an active refresh token. */
  public Optional<RefreshGrant> activeRefreshToken(String token) {
    if (token == null || token.isEmpty() || token.length() > 256) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return grants
        .peekRefreshToken(ClientSecrets.hash(token))
        .filter(g -> !g.family().revoked())
        .filter(g -> g.tokenExpiresAt().isAfter(now))
        .filter(g -> g.family().absoluteExpiresAt().isAfter(now))
        .filter(g -> users.findById(g.family().userId()).map(u -> !u.disabled()).orElse(false));
  }
}
