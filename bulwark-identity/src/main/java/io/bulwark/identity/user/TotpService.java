package io.bulwark.identity.user;

import io.bulwark.identity.client.ClientSecrets;
import io.bulwark.identity.store.TotpEnrolment;
import io.bulwark.identity.store.TotpStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.codec.binary.Base32;

/**
 * TOTP second factor (RFC 6238): enrolment hands out a secret, an {@code otpauth://} URI (for a QR
 * code) and ten one-time recovery codes; the first accepted code confirms it, and from then on
 * sign-in needs a code. Codes are 6 digits, 30-second steps, one step of clock drift either way; a
 * code (or any code of an earlier step) is accepted once only. Recovery codes are stored as SHA-256
 * and work once each. Thread-safe.
 */
public final class TotpService {
  /** Digits per code. */
  public static final int DIGITS = 6;

  /** Recovery codes handed out at enrolment. */
  public static final int RECOVERY_CODES = 10;

  private static final Pattern CODE = Pattern.compile("[0-9]{6}");
  private static final Pattern RECOVERY = Pattern.compile("[a-z2-7]{4}-?[a-z2-7]{4}-?[a-z2-7]{4}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TotpStore store;
  private final String issuerName;
  private final Clock clock;

  public TotpService(TotpStore store, String issuerName, Clock clock) {
    this.store = store;
    this.issuerName = issuerName;
    this.clock = clock;
  }

  /**
   * What the user needs to set up an authenticator; shown once.
   *
   * @param secret the base32 secret
   * @param uri the {@code otpauth://totp/...} URI to show as a QR code
   * @param recoveryCodes one-time codes for when the authenticator is lost
   */
  public record Enrolment(String secret, String uri, List<String> recoveryCodes) {
    @Override
    public String toString() {
      return "Enrolment[secret and codes hidden]";
    }
  }

  /** Starts (or restarts) enrolment for a user; the factor is required once a code confirms it. */
  public Enrolment begin(String userId, String username) {
    byte[] key = new byte[20];
    RANDOM.nextBytes(key);
    String secret = new Base32().encodeAsString(key).replace("=", "");
    List<String> codes = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    Base32 base32 = new Base32();
    for (int i = 0; i < RECOVERY_CODES; i++) {
      byte[] bytes = new byte[8];
      RANDOM.nextBytes(bytes);
      String raw = base32.encodeAsString(bytes).substring(0, 12).toLowerCase(Locale.ROOT);
      String code = raw.substring(0, 4) + "-" + raw.substring(4, 8) + "-" + raw.substring(8);
      codes.add(code);
      hashes.add(ClientSecrets.hash(raw));
    }
    store.begin(new TotpEnrolment(userId, secret, false, -1, hashes, clock.instant()));
    String label = URLEncoder.encode(issuerName + ":" + username, StandardCharsets.UTF_8);
    String uri =
        "otpauth://totp/"
            + label
            + "?secret="
            + secret
            + "&issuer="
            + URLEncoder.encode(issuerName, StandardCharsets.UTF_8)
            + "&algorithm=SHA1&digits="
            + DIGITS
            + "&period="
            + Totp.PERIOD_SECONDS;
    return new Enrolment(secret, uri, List.copyOf(codes));
  }

  /** Whether sign-in needs a code from this user (a confirmed enrolment exists). */
  public boolean required(String userId) {
    return store.find(userId).map(TotpEnrolment::confirmed).orElse(false);
  }

  /**
   * Checks a code (or a recovery code) and spends it. The first good code confirms an enrolment.
   * Returns false for a wrong, malformed or replayed code.
   */
  public boolean verify(String userId, String input) {
    if (input == null) {
      return false;
    }
    String code = input.strip().replace(" ", "").toLowerCase(Locale.ROOT);
    Optional<TotpEnrolment> enrolment = store.find(userId);
    if (enrolment.isEmpty()) {
      return false;
    }
    if (CODE.matcher(code).matches()) {
      byte[] key = new Base32().decode(enrolment.get().secret());
      long now = Totp.step(clock.instant().getEpochSecond());
      for (long step = now - 1; step <= now + 1; step++) {
        String expected = Totp.code(key, step, DIGITS);
        if (MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.US_ASCII),
            code.getBytes(StandardCharsets.US_ASCII))) {
          return store.acceptStep(userId, step);
        }
      }
      return false;
    }
    if (enrolment.get().confirmed() && RECOVERY.matcher(code).matches()) {
      return store.spendRecoveryCode(userId, ClientSecrets.hash(code.replace("-", "")));
    }
    return false;
  }

  /** Removes the user's second factor (an administrator's reset). */
  public boolean remove(String userId) {
    return store.remove(userId);
  }
}
