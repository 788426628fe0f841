package io.bulwark.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.testkit.FakeClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

  @TempDir Path dir;
  private final FakeClock clock = new FakeClock(Instant.parse("2026-06-01T12:00:00Z"));

  @Test
  void createsOneRs256SigningKeyNamedByItsThumbprint() throws Exception {
    Path file = dir.resolve("keys/signing-keys.json");
    SigningKeys keys = SigningKeys.loadOrCreate(file, clock);
    RSAKey key = keys.current();

    assertThat(key.isPrivate()).isTrue();
    assertThat(key.size()).isEqualTo(2048);
    assertThat(key.getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(key.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
    assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
    assertThat(key.getIssueTime().toInstant()).isEqualTo(clock.instant());
    assertThat(keys.keys()).containsExactly(key);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(keys.toString()).contains(key.getKeyID()).doesNotContain("\"d\"");
  }

  @Test
  void reloadingKeepsTheSameKey() throws Exception {
    Path file = dir.resolve("signing-keys.json");
    RSAKey created = SigningKeys.loadOrCreate(file, clock).current();
    clock.advance(Duration.ofDays(1));
    RSAKey reloaded = SigningKeys.loadOrCreate(file, clock).current();
    assertThat(reloaded.getKeyID()).isEqualTo(created.getKeyID());
    assertThat(reloaded.toRSAPrivateKey()).isEqualTo(created.toRSAPrivateKey());
  }

  @Test
  void thePublicSetHasNoPrivateMembers() throws Exception {
    SigningKeys keys = SigningKeys.loadOrCreate(dir.resolve("signing-keys.json"), clock);
    JWKSet published = keys.publicJwkSet();

    assertThat(published.getKeys()).hasSize(1).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
    Map<String, Object> json = published.toJSONObject(false);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> members = (List<Map<String, Object>>) json.get("keys");
    assertThat(members.get(0))
        .containsKeys("kty", "n", "e", "kid", "alg", "use")
        .doesNotContainKeys("d", "p", "q", "dp", "dq", "qi", "oth");
    assertThat(published.toString(false)).doesNotContain("\"d\"");
  }

  @Test
  void tokensSignedWithTheCurrentKeyVerifyWithThePublishedKey() throws Exception {
    SigningKeys keys = SigningKeys.loadOrCreate(dir.resolve("signing-keys.json"), clock);
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keys.current().getKeyID()).build(),
            new JWTClaimsSet.Builder().subject("alice").build());
    jwt.sign(new RSASSASigner(keys.current()));

    RSAKey published = (RSAKey) keys.publicJwkSet().getKeyByKeyId(jwt.getHeader().getKeyID());
    assertThat(SignedJWT.parse(jwt.serialize()).verify(new RSASSAVerifier(published))).isTrue();
  }

  @Test
  void currentIsTheNewestKey() throws Exception {
    RSAKey newer = key(Instant.parse("2026-05-01T00:00:00Z"));
    RSAKey older = key(Instant.parse("2026-01-01T00:00:00Z"));
    Path file = writeOwnerOnly(new JWKSet(List.<JWK>of(newer, older)).toString(false));

    SigningKeys keys = SigningKeys.loadOrCreate(file, clock);
    assertThat(keys.current().getKeyID()).isEqualTo(newer.getKeyID());
    assertThat(keys.publicJwkSet().getKeys()).hasSize(2);
  }

  @Test
  void refusesAFileOthersCanRead() throws Exception {
    Path file = dir.resolve("signing-keys.json");
    SigningKeys.loadOrCreate(file, clock);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> SigningKeys.loadOrCreate(file, clock))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining("chmod 600");
  }

  @Test
  void refusesKeysThatAreNotAsCreated() throws Exception {
    RSAKey good = key(clock.instant());
    RSAKey wrongKid = new RSAKey.Builder(good).keyID("chosen").build();
    assertThatThrownBy(() ->
            SigningKeys.loadOrCreate(writeOwnerOnly(new JWKSet(wrongKid).toString(false)), clock))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining("thumbprint");
    assertThatThrownBy(() ->
            SigningKeys.loadOrCreate(
                writeOwnerOnly(new JWKSet(good.toPublicJWK()).toString(false)), clock))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining("private");
    RSAKey noUse = new RSAKey.Builder(good).keyUse(null).build();
    assertThatThrownBy(() ->
            SigningKeys.loadOrCreate(writeOwnerOnly(new JWKSet(noUse).toString(false)), clock))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining("use");
    assertThatThrownBy(() -> SigningKeys.loadOrCreate(writeOwnerOnly("{\"keys\":[]}"), clock))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining("no keys");
  }

  @Test
  void aCorruptFileIsNamedWithoutQuotingIt() throws Exception {
    Path file = writeOwnerOnly("{\"keys\":[{\"kty\":\"RSA\",\"d\":\"TOPSECRET\"");
    assertThatThrownBy(() -> SigningKeys.loadOrCreate(file, clock))
        .isInstanceOf(CryptoFileException.class)
        .hasMessageContaining(file.toString())
        .hasMessageNotContaining("TOPSECRET")
        .hasNoCause();
  }

  private static RSAKey key(Instant issued) throws Exception {
    return new RSAKeyGenerator(2048)
        .keyUse(KeyUse.SIGNATURE)
        .algorithm(JWSAlgorithm.RS256)
        .keyIDFromThumbprint(true)
        .issueTime(Date.from(issued))
        .generate();
  }

  private Path writeOwnerOnly(String json) throws IOException {
    Path file = Files.createTempFile(dir, "keys", ".json");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(file, json, StandardCharsets.UTF_8);
    return file;
  }
}
