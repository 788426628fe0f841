package io.bulwark.identity.oauth;

import io.bulwark.identity.store.RegisteredClient;
import io.bulwark.identity.store.UserAccount;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A checked authorization request waiting for the user to sign in (and consent), bound to the
 * browser by a cookie (stored as its SHA-256) and to the form by a CSRF token.
 */
record PendingAuthorization(
    String id,
    RegisteredClient client,
    String redirectUri,
    Set<String> scope,
    String state,
    String nonce,
    String codeChallenge,
    String cookieHash,
    String csrf,
    UserAccount user,
    Instant authTime,
    List<String> amr,
    boolean awaitingOtp) {

  PendingAuthorization signedIn(
      UserAccount who, Instant when, List<String> methods, boolean needsOtp) {
    return new PendingAuthorization(
        id,
        client,
        redirectUri,
        scope,
        state,
        nonce,
        codeChallenge,
        cookieHash,
        csrf,
        who,
        when,
        methods,
        needsOtp);
  }

  @Override
  public String toString() {
    return "PendingAuthorization[" + client.clientId() + "]";
  }
}
