package io.bulwark.cli.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.SignedJWT;
import io.bulwark.cli.BulwarkCommand;
import io.bulwark.cli.dev.DemoCredentials;
import io.bulwark.cli.dev.IdentityClient;
import io.bulwark.cli.up.LocalIdentity;
import io.bulwark.core.json.Json;
import io.bulwark.testkit.FreePorts;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Drives {@code bulwark users|clients|roles|keys} against a real identity server (the identity role
 * of {@code bulwark up} in a temporary data dir) and checks both what they print and what changed
 * on the server: sign-in, client credentials, JWKS, token claims.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IdentityAdminCommandsTest {
  private static final String PASSWORD = "correct horse battery staple";

  private Path dataDir;
  private LocalIdentity identity;
  private StringWriter out;
  private StringWriter err;
  private String environmentToken;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    dataDir = dir;
    identity = new LocalIdentity(dataDir);
  }

  @AfterAll
  void stop() {
    if (identity != null) {
      identity.close();
    }
  }

  @BeforeEach
  void clear() {
    environmentToken = null;
  }

  /** Runs `bulwark ARGS` against the test data dir, with {@code stdin} as standard input. */
  private int runWithInput(String stdin, String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine command =
        new CommandLine(
            new BulwarkCommand(),
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> type) throws Exception {
                K made = defaults.create(type);
                if (made instanceof AdminOptions options) {
                  options.environment =
                      name -> name.equals("BULWARK_TOKEN") ? environmentToken : null;
                }
                return made;
              }
            });
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    InputStream original = System.in;
    System.setIn(
        new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
    try {
      if (List.of(args).contains("--data-dir")) {
        return command.execute(args);
      }
      String[] all = new String[args.length + 2];
      System.arraycopy(args, 0, all, 0, args.length);
      all[args.length] = "--data-dir";
      all[args.length + 1] = dataDir.toString();
      return command.execute(all);
    } finally {
      System.setIn(original);
    }
  }

  private int run(String... args) {
    return runWithInput(null, args);
  }

  private String createUser(String name, String... extra) {
    String[] args = new String[extra.length + 4];
    args[0] = "users";
    args[1] = "create";
    args[2] = name;
    args[3] = "--password-stdin";
    System.arraycopy(extra, 0, args, 4, extra.length);
    assertThat(runWithInput(PASSWORD + "\n", args)).as(err.toString()).isZero();
    return out.toString();
  }

  private String signIn(String user, String password) {
    return identity.userToken(user, password, "orders");
  }

  @Test
  void createsAUserWithThePasswordFromStandardInputAndTheUserCanSignIn() throws Exception {
    String created = createUser("erin", "--role", "customer", "--attribute", "tenant=bakery");

    assertThat(created)
        .contains("created user erin")
        .containsPattern("roles\\s+customer")
        .containsPattern("attributes\\s+tenant=bakery")
        .containsPattern("status\\s+enabled")
        .doesNotContain(PASSWORD);
    SignedJWT token = SignedJWT.parse(signIn("erin", PASSWORD));
    assertThat(token.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("customer");

    assertThat(run("users", "list")).isZero();
    assertThat(out.toString())
        .startsWith("USERNAME")
        .containsPattern("(?m)^erin\\s+[0-9A-Z]{26}\\s+customer\\s+-\\s+enabled$")
        .containsPattern("(?m)^carol\\s+\\S+\\s+admin\\s");
    assertThat(run("users", "show", "erin", "--json")).isZero();
    JsonNode shown = Json.mapper().readTree(out.toString());
    assertThat(shown.get("username").asText()).isEqualTo("erin");
    assertThat(shown.has("password")).isFalse();
    assertThat(run("users", "show", shown.get("id").asText())).isZero();
    assertThat(out.toString()).containsPattern("username\\s+erin");
  }

  @Test
  void aDisabledUserCannotSignInUntilEnabledAgain() throws Exception {
    createUser("frank");
    String before = signIn("frank", PASSWORD);
    assertThat(identity.userinfoStatus(before)).isEqualTo(200);

    assertThat(run("users", "disable", "frank")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("disabled user frank");
    assertThatThrownBy(() -> signIn("frank", PASSWORD))
        .isInstanceOf(IdentityClient.TokenRequestException.class)
        .hasMessageContaining("sign-in as frank failed");
    assertThat(identity.userinfoStatus(before))
        .as("tokens issued before are revoked")
        .isEqualTo(401);

    assertThat(run("users", "enable", "frank")).isZero();
    assertThat(signIn("frank", PASSWORD)).isNotBlank();
  }

  @Test
  void revokingASessionBySidEndsTheTokensOfThatSignInOnly() throws Exception {
    createUser("lena");
    String first = signIn("lena", PASSWORD);
    String second = signIn("lena", PASSWORD);
    String sid = com.nimbusds.jwt.SignedJWT.parse(first).getJWTClaimsSet().getStringClaim("sid");
    assertThat(sid).isNotBlank();

    assertThat(run("sessions", "revoke", sid)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("revoked session " + sid);
    assertThat(identity.userinfoStatus(first)).isEqualTo(401);
    assertThat(identity.userinfoStatus(second)).as("another sign-in").isEqualTo(200);

    assertThat(run("sessions", "revoke", sid)).as("no longer active").isEqualTo(1);
    assertThat(err.toString()).contains("no active session");
    assertThat(run("sessions", "revoke", "../users")).isEqualTo(2);
  }

  @Test
  void twoStepVerificationIsEnrolledShownOnceAndRemoved() throws Exception {
    createUser("mona");
    assertThat(run("users", "enrol-totp", "mona")).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("shown this once")
        .contains("otpauth://totp/Bulwark%3Amona?secret=")
        .contains("recovery codes");
    assertThat(run("users", "enrol-totp", "mona", "--json")).isZero();
    JsonNode enrolment = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
    assertThat(enrolment.path("secret").asText()).isNotBlank();
    assertThat(enrolment.path("recoveryCodes").size()).isEqualTo(10);

    assertThat(run("users", "remove-totp", "mona")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("removed two-step verification of user mona");
    assertThat(run("users", "remove-totp", "mona")).as("nothing left to remove").isEqualTo(1);
  }

  @Test
  void resetPasswordReplacesTheOldOneAndDeleteRemovesTheUser() {
    createUser("gina");
    String next = "a different long passphrase";

    assertThat(runWithInput(next + "\n", "users", "reset-password", "gina", "--password-stdin"))
        .as(err.toString())
        .isZero();

    assertThatThrownBy(() -> signIn("gina", PASSWORD))
        .isInstanceOf(IdentityClient.TokenRequestException.class);
    assertThat(signIn("gina", next)).isNotBlank();

    assertThat(run("users", "delete", "gina")).isZero();
    assertThat(out.toString()).contains("deleted user gina");
    assertThat(run("users", "show", "gina")).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("bulwark: no such user (HTTP 404, GET /admin/v1/users/gina)");
    assertThatThrownBy(() -> signIn("gina", next))
        .isInstanceOf(IdentityClient.TokenRequestException.class);
  }

  @Test
  void roleGroupAndAttributeChangesReachTheNextTokenAndTheRolesList() throws Exception {
    createUser("hank", "--role", "customer");

    assertThat(run("users", "add-role", "hank", "support")).as(err.toString()).isZero();
    assertThat(out.toString()).containsPattern("roles\\s+customer,support");
    assertThat(run("users", "set-groups", "hank", "bakers", "night-shift")).isZero();
    assertThat(run("users", "set-attribute", "hank", "tenant=bakery", "dept=ops")).isZero();
    assertThat(out.toString()).containsPattern("attributes\\s+dept=ops,tenant=bakery");
    assertThat(run("users", "remove-role", "hank", "customer")).isZero();

    var claims = SignedJWT.parse(signIn("hank", PASSWORD)).getJWTClaimsSet();
    assertThat(claims.getStringListClaim("roles")).containsExactly("support");
    assertThat(claims.getStringListClaim("groups")).containsExactly("bakers", "night-shift");
    assertThat(claims.getStringClaim("dept")).isEqualTo("ops");

    assertThat(run("roles", "list")).isZero();
    assertThat(out.toString())
        .containsPattern("(?m)^admin\\s+1\\s+carol$")
        .containsPattern("(?m)^support\\s+2\\s+dave,hank$");
    assertThat(run("roles", "list", "--json")).isZero();
    assertThat(Json.mapper().readTree(out.toString()).findValuesAsText("role"))
        .contains("admin", "customer", "support");

    assertThat(run("users", "set-roles", "hank")).isZero();
    assertThat(out.toString()).containsPattern("roles\\s+-");
    assertThat(run("users", "remove-role", "hank", "customer")).isEqualTo(2);
    assertThat(err.toString()).contains("does not have role customer");
  }

  @Test
  void createsAClientShowingItsSecretOnceAndTheSecretWorksUntilDeleted() throws Exception {
    int status =
        run(
            "clients",
            "create",
            "catalog-sync",
            "--grant-type",
            "client_credentials",
            "--scope",
            "catalog:read",
            "--audience",
            "catalog",
            "--description",
            "nightly sync");

    assertThat(status).as(err.toString()).isZero();
    String secret =
        out.toString()
            .lines()
            .filter(l -> l.startsWith("client secret: "))
            .map(l -> l.substring("client secret: ".length()))
            .findFirst()
            .orElseThrow();
    assertThat(secret).hasSize(43);
    assertThat(err.toString()).contains("shown this once");
    assertThat(identity.client().clientCredentials("catalog-sync", secret, "catalog").value())
        .isNotBlank();

    assertThat(run("clients", "list")).isZero();
    assertThat(out.toString())
        .containsPattern(
            "(?m)^catalog-sync\\s+client_secret_basic\\s+client_credentials\\s+catalog:read\\s+catalog\\s+enabled$")
        .doesNotContain(secret);
    assertThat(run("clients", "show", "catalog-sync", "--json")).isZero();
    assertThat(out.toString()).doesNotContain(secret).contains("\"nightly sync\"");

    assertThat(run("clients", "delete", "catalog-sync")).isZero();
    assertThatThrownBy(() -> identity.client().clientCredentials("catalog-sync", secret, "catalog"))
        .isInstanceOf(IdentityClient.TokenRequestException.class)
        .hasMessageContaining("invalid_client");
  }

  @Test
  void rotatingKeysSignsNewTokensWithTheNewKeyWhileOldTokensStillVerify() throws Exception {
    String old = signIn("alice", identity.demo().user("alice").orElseThrow().password());
    String oldKid = SignedJWT.parse(old).getHeader().getKeyID();

    assertThat(run("keys", "rotate", "--json")).as(err.toString()).isZero();
    JsonNode rotated = Json.mapper().readTree(out.toString());
    String newKid = rotated.get("kid").asText();

    assertThat(newKid).isNotEqualTo(oldKid);
    assertThat(rotated.get("algorithm").asText()).isEqualTo("RS256");
    assertThat(identity.jwks().getKeys())
        .extracting(k -> k.getKeyID())
        .containsExactly(oldKid, newKid);
    String fresh = signIn("alice", identity.demo().user("alice").orElseThrow().password());
    assertThat(SignedJWT.parse(fresh).getHeader().getKeyID()).isEqualTo(newKid);
    assertThat(identity.verifier("orders").verify(old).subject()).isNotBlank();
    assertThat(identity.verifier("orders").verify(fresh).subject()).isNotBlank();

    assertThat(run("keys", "list")).isZero();
    assertThat(out.toString())
        .containsPattern("(?m)^" + newKid + "\\s+RS256\\s+\\S+\\s+signing$")
        .containsPattern("(?m)^" + oldKid + "\\s+RS256\\s+\\S+\\s+verifying until \\S+$");
  }

  @Test
  void serverProblemsArePrintedAsOneLineWithExitCodeOne() {
    assertThat(runWithInput("password1234\n", "users", "create", "ivan", "--password-stdin"))
        .isEqualTo(1);
    assertThat(err.toString().lines().toList())
        .containsExactly("bulwark: password is too common (HTTP 400, POST /admin/v1/users)");
  }

  @Test
  void aPasswordIsNeverAcceptedAsAnArgumentAndUsageErrorsExitTwo() {
    assertThat(run("users", "create", "judy", "--password", PASSWORD)).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown option");
    assertThat(run("users")).isEqualTo(2);
    assertThat(run("users", "show", "../clients")).isEqualTo(2);
    assertThat(run("users", "create", "judy")).as("no terminal, no --password-stdin").isEqualTo(2);
    assertThat(err.toString()).contains("--password-stdin");
  }

  @Test
  void aTokenWithoutTheAdminScopeIsRefused() {
    environmentToken = signIn("alice", identity.demo().user("alice").orElseThrow().password());

    assertThat(run("users", "list")).isEqualTo(1);

    assertThat(err.toString().strip())
        .isEqualTo(
            "bulwark: not allowed: the token lacks scope identity:admin (HTTP 403, GET /admin/v1/users)");
  }

  @Test
  void aTokenFromAFileIsUsed(@TempDir Path dir) throws Exception {
    DemoCredentials.Client admin =
        identity.demo().client(DemoCredentials.ADMIN_CLIENT_ID).orElseThrow();
    Path file = dir.resolve("token");
    Files.writeString(
        file,
        identity
                .client()
                .clientCredentials(admin.clientId(), admin.clientSecret(), "identity")
                .value()
            + "\n");

    assertThat(run("users", "list", "--token-file", file.toString())).isZero();
    assertThat(out.toString()).contains("alice");
  }

  @Test
  void anUnreachableServerNamesTheUrlAndBulwarkUp() {
    String url = "https://localhost:" + FreePorts.next();

    assertThat(run("users", "list", "--url", url)).isEqualTo(1);

    assertThat(err.toString().lines().toList())
        .singleElement()
        .asString()
        .contains(url)
        .contains("bulwark up");
  }

  @Test
  void aDataDirWithoutBulwarkUpSaysToStartIt(@TempDir Path empty) {
    assertThat(run("keys", "list", "--data-dir", empty.toString())).isEqualTo(1);

    assertThat(err.toString().strip())
        .isEqualTo(
            "bulwark: "
                + empty.resolve("endpoints.json")
                + " does not exist: `bulwark up` must be running (or give the server with --url)");
  }

  @Test
  void aTokenFileTakesPrecedenceOverTheEnvironment(@TempDir Path dir) throws Exception {
    // Alice's token would be refused with 403, a junk token with 401: the answer tells which was
    // sent.
    environmentToken = signIn("alice", identity.demo().user("alice").orElseThrow().password());
    Path file = dir.resolve("token");
    Files.writeString(file, "not-a-token");

    assertThat(run("users", "list", "--token-file", file.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("refused the admin token").contains("HTTP 401");
  }
}
