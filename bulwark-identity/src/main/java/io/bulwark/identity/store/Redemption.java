package io.bulwark.identity.store;

/**
 * The result of redeeming a single-use secret (an authorization code or a refresh token).
 *
 * @param <T> what the secret stood for
 */
public sealed interface Redemption<T> {

  /** First use: the secret was valid and is now spent. */
  record Redeemed<T>(T value) implements Redemption<T> {}

  /**
   * The secret was already spent: a replay. {@code familyId} is the session it led to (null if
   * none), which the caller must revoke.
   */
  record Reused<T>(String familyId) implements Redemption<T> {}

  /** No such secret. */
  record Unknown<T>() implements Redemption<T> {}
}
