package io.bulwark.identity.oauth;

import static io.bulwark.identity.TestIdentity.basic;
import static io.bulwark.identity.TestIdentity.form;
import static io.bulwark.identity.TestIdentity.json;
import static io.bulwark.identity.TestIdentity.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.bulwark.identity.Browser;
import io.bulwark.identity.TestIdentity;
import io.bulwark.identity.store.UserAccount;
import io.bulwark.identity.user.TotpService;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MfaTest {
  static final String PASSWORD = "correct horse battery staple";

  @TempDir Path dir;
  TestIdentity id;
  String webSecret;
  UserAccount alice;
  TotpService.Enrolment enrolment;

  @BeforeEach
  void start() throws Exception {
    id = new TestIdentity(dir);
    webSecret =
        id.secretClient("web", Set.of("authorization_code"), Set.of("openid"), List.of("orders"));
    alice = id.server.users().create("alice", PASSWORD, List.of("customer"), List.of(), Map.of());
    enrolment = id.server.totp().begin(alice.id(), "alice");
    assertThat(id.server.totp().verify(alice.id(), currentCode())).isTrue();
    id.clock.advance(Duration.ofSeconds(30));
  }

  @AfterEach
  void stop() {
    id.close();
  }

  private String currentCode() {
    byte[] key = new Base32().decode(enrolment.secret());
    long step = Math.floorDiv(id.clock.instant().getEpochSecond(), 30);
    return totpCode(key, step);
  }

  static String totpCode(byte[] key, long step) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
      mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA1"));
      byte[] h = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(step).array());
      int o = h[h.length - 1] & 0xf;
      int bin =
          ((h[o] & 0x7f) << 24)
              | ((h[o + 1] & 0xff) << 16)
              | ((h[o + 2] & 0xff) << 8)
              | (h[o + 3] & 0xff);
      return String.format("%06d", bin % 1_000_000);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> passwordStep(Browser browser) throws Exception {
    browser.authorize(browser.query("web", "openid"));
    return browser.submit("/login", "username", "alice", "password", PASSWORD);
  }

  @Test
  void enrolmentGivesAnOtpauthUriAndRecoveryCodes() {
    assertThat(enrolment.uri())
        .startsWith("otpauth://totp/Bulwark%3Aalice?secret=" + enrolment.secret())
        .contains("issuer=Bulwark", "digits=6", "period=30");
    assertThat(enrolment.recoveryCodes()).hasSize(10).doesNotHaveDuplicates();
    assertThat(enrolment.toString()).doesNotContain(enrolment.secret());
  }

  @Test
  void aPasswordAloneIsNotEnoughAndTheCodeAddsOtpToAmr() throws Exception {
    Browser browser = new Browser(id);
    HttpResponse<String> second = passwordStep(browser);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.body()).contains("Two-step verification", "autocomplete=\"one-time-code\"");

    HttpResponse<String> done = browser.submit("/login/otp", "code", currentCode());
    assertThat(done.statusCode()).isEqualTo(303);
    String code = Browser.redirectParams(done).get("code");
    var tokens =
        json(
            id.post(
                "/oauth2/token",
                basic("web", webSecret),
                form(
                    params(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        "https://app.example/cb",
                        "code_verifier",
                        browser.verifier.getValue()))));
    var access = SignedJWT.parse(tokens.get("access_token").asText()).getJWTClaimsSet();
    assertThat(access.getStringListClaim("amr")).containsExactly("pwd", "otp");
    var idToken = SignedJWT.parse(tokens.get("id_token").asText()).getJWTClaimsSet();
    assertThat(idToken.getStringListClaim("amr")).containsExactly("pwd", "otp");
  }

  @Test
  void aTotpCodeWorksOnceAndAReplayIsRefused() throws Exception {
    String code = currentCode();
    Browser first = new Browser(id);
    passwordStep(first);
    assertThat(first.submit("/login/otp", "code", code).statusCode()).isEqualTo(303);

    Browser second = new Browser(id);
    passwordStep(second);
    HttpResponse<String> replay = second.submit("/login/otp", "code", code);
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(replay.body()).contains("That code is not valid");
    assertThat(id.audit.ofType("auth.mfa.failed")).hasSize(1);
  }

  @Test
  void aWrongCodeIsRefusedAndTheConsentOrCodeCannotBeReachedWithoutIt() throws Exception {
    Browser browser = new Browser(id);
    passwordStep(browser);
    assertThat(browser.submit("/login/otp", "code", "000000").body()).contains("not valid");
    assertThat(browser.submit("/consent", "decision", "allow").statusCode()).isEqualTo(400);
  }

  @Test
  void aRecoveryCodeWorksOnce() throws Exception {
    String recovery = enrolment.recoveryCodes().get(0);
    Browser first = new Browser(id);
    passwordStep(first);
    assertThat(first.submit("/login/otp", "code", recovery).statusCode()).isEqualTo(303);
    Browser second = new Browser(id);
    passwordStep(second);
    assertThat(second.submit("/login/otp", "code", recovery).statusCode()).isEqualTo(200);
  }
}
