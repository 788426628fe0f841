package io.bulwark.identity.admin;

import static io.bulwark.identity.TestIdentity.basic;
import static io.bulwark.identity.TestIdentity.form;
import static io.bulwark.identity.TestIdentity.json;
import static io.bulwark.identity.TestIdentity.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.identity.TestIdentity;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AdminApiTest {
  @TempDir Path dir;
  TestIdentity id;
  String adminToken;

  @BeforeEach
  void start() throws Exception {
    id = new TestIdentity(dir);
    String secret =
        id.secretClient(
            "ops",
            Set.of("client_credentials"),
            Set.of(AdminApi.SCOPE, "revocations:read"),
            List.of("identity"));
    adminToken = id.clientToken("ops", secret, "scope", AdminApi.SCOPE);
  }

  @AfterEach
  void stop() {
    id.close();
  }

  private HttpResponse<String> call(String method, String path, String json, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(id.url(path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return id.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> call(String method, String path, String json) throws Exception {
    return call(method, path, json, adminToken);
  }

  @Test
  void createsListsDisablesAndDeletesUsers() throws Exception {
    HttpResponse<String> created =
        call(
            "POST",
            "/admin/v1/users",
            "{\"username\":\"bob\",\"password\":\"correct horse battery staple\",\"roles\":[\"customer\"],\"attributes\":{\"tenant\":\"bakery\"}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode bob = json(created);
    assertThat(bob.has("passwordHash")).isFalse();
    assertThat(created.body()).doesNotContain("argon2").doesNotContain("correct horse");
    String userId = bob.get("id").asText();

    assertThat(json(call("GET", "/admin/v1/users", null)).findValuesAsText("username"))
        .containsExactly("bob");
    assertThat(call("POST", "/admin/v1/users/" + userId + "/disable", null).statusCode())
        .isEqualTo(204);
    assertThat(json(call("GET", "/admin/v1/users/" + userId, null)).get("disabled").asBoolean())
        .isTrue();
    assertThat(call("DELETE", "/admin/v1/users/" + userId, null).statusCode()).isEqualTo(204);
    assertThat(call("GET", "/admin/v1/users/" + userId, null).statusCode()).isEqualTo(404);
    assertThat(id.audit.ofType("admin.changed"))
        .extracting(e -> e.action())
        .containsExactly("create", "disable", "delete");
  }

  @Test
  void refusesAWeakPasswordAndADuplicateNameAsProblems() throws Exception {
    HttpResponse<String> weak =
        call("POST", "/admin/v1/users", "{\"username\":\"bob\",\"password\":\"password1234\"}");
    assertThat(weak.statusCode()).isEqualTo(400);
    assertThat(weak.headers().firstValue("Content-Type").orElseThrow()).contains("problem+json");
    assertThat(json(weak).get("detail").asText()).isEqualTo("password is too common");

    String ok = "{\"username\":\"bob\",\"password\":\"correct horse battery staple\"}";
    assertThat(call("POST", "/admin/v1/users", ok).statusCode()).isEqualTo(201);
    assertThat(call("POST", "/admin/v1/users", ok).statusCode()).isEqualTo(409);
    assertThat(
            call("POST", "/admin/v1/users", "{\"username\":\"x\",\"pasword\":\"typo\"}")
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void registersAClientShowingItsSecretOnceAndTheSecretWorks() throws Exception {
    HttpResponse<String> created =
        call(
            "POST",
            "/admin/v1/clients",
            "{\"clientId\":\"catalog\",\"grantTypes\":[\"client_credentials\"],\"scopes\":[\"catalog:read\"],\"audiences\":[\"catalog\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String secret = json(created).get("clientSecret").asText();
    assertThat(secret).hasSize(43);
    assertThat(call("GET", "/admin/v1/clients/catalog", null).body())
        .doesNotContain(secret)
        .doesNotContain("secretHash");
    assertThat(id.clientToken("catalog", secret)).isNotBlank();

    String rotated =
        json(call("POST", "/admin/v1/clients/catalog/secret", null)).get("clientSecret").asText();
    HttpResponse<String> old =
        id.post(
            "/oauth2/token",
            basic("catalog", secret),
            form(params("grant_type", "client_credentials")));
    assertThat(old.statusCode()).isEqualTo(401);
    assertThat(id.clientToken("catalog", rotated)).isNotBlank();
  }

  @Test
  void disablingAClientAnnouncesItsTokensRevoked() throws Exception {
    String secret =
        json(call(
                "POST",
                "/admin/v1/clients",
                "{\"clientId\":\"catalog\",\"grantTypes\":[\"client_credentials\"],\"scopes\":[\"a\"],\"audiences\":[\"catalog\"]}"))
            .get("clientSecret")
            .asText();
    assertThat(call("POST", "/admin/v1/clients/catalog/disable", null).statusCode()).isEqualTo(204);
    assertThat(
            id.post(
                    "/oauth2/token",
                    basic("catalog", secret),
                    form(params("grant_type", "client_credentials")))
                .statusCode())
        .isEqualTo(401);
    var events = id.db.revocations().eventsAfter(0, 10);
    assertThat(events).anySatisfy(e -> assertThat(e.value()).isEqualTo("catalog"));
  }

  @Test
  void rotatesSigningKeys() throws Exception {
    String before = id.server.keys().currentKeyId();
    JsonNode rotated = json(call("POST", "/admin/v1/keys/rotate", null));
    assertThat(rotated.get("kid").asText())
        .isNotEqualTo(before)
        .isEqualTo(id.server.keys().currentKeyId());
  }

  @Test
  void refusesCallersWithoutTheAdminScope() throws Exception {
    assertThat(call("GET", "/admin/v1/users", null, null).statusCode()).isEqualTo(401);
    assertThat(call("GET", "/admin/v1/users", null, "junk").statusCode()).isEqualTo(401);
    String other = id.secretClient("svc", Set.of("client_credentials"), Set.of("a"), List.of("x"));
    String token = id.clientToken("svc", other);
    HttpResponse<String> forbidden = call("GET", "/admin/v1/users", null, token);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(json(forbidden).get("type").asText()).endsWith("insufficient-scope");
  }

  @Test
  void enrolsTotpForAUser() throws Exception {
    String userId =
        json(call(
                "POST",
                "/admin/v1/users",
                "{\"username\":\"bob\",\"password\":\"correct horse battery staple\"}"))
            .get("id")
            .asText();
    JsonNode enrolment = json(call("POST", "/admin/v1/users/" + userId + "/totp", null));
    assertThat(enrolment.get("uri").asText()).startsWith("otpauth://totp/");
    assertThat(enrolment.get("recoveryCodes")).hasSize(10);
    assertThat(call("DELETE", "/admin/v1/users/" + userId + "/totp", null).statusCode())
        .isEqualTo(204);
  }

  @Test
  void changesRolesGroupsAndAttributesByUserNameAndRevokesTheUsersTokens() throws Exception {
    String userId =
        json(call(
                "POST",
                "/admin/v1/users",
                "{\"username\":\"bob\",\"password\":\"correct horse battery staple\","
                    + "\"roles\":[\"customer\"],\"attributes\":{\"tenant\":\"bakery\"}}"))
            .get("id")
            .asText();
    long eventsBefore = id.db.revocations().eventsAfter(0, 100).size();

    HttpResponse<String> changed =
        call("PATCH", "/admin/v1/users/bob", "{\"roles\":[\"admin\",\"support\",\"admin\"]}");

    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    JsonNode bob = json(changed);
    assertThat(bob.get("id").asText()).isEqualTo(userId);
    assertThat(bob.get("roles").toString()).isEqualTo("[\"admin\",\"support\"]");
    assertThat(bob.get("attributes").get("tenant").asText()).isEqualTo("bakery");
    var events = id.db.revocations().eventsAfter(0, 100);
    assertThat(events).hasSize((int) eventsBefore + 1);
    assertThat(events.get(events.size() - 1).value()).isEqualTo(userId);

    JsonNode attributes =
        json(
            call(
                "PATCH",
                "/admin/v1/users/" + userId,
                "{\"groups\":[\"bakers\"],\"attributes\":{\"dept\":\"sales\"}}"));
    assertThat(attributes.get("groups").toString()).isEqualTo("[\"bakers\"]");
    assertThat(attributes.get("attributes").toString()).isEqualTo("{\"dept\":\"sales\"}");
    assertThat(attributes.get("roles")).hasSize(2);
    assertThat(id.audit.ofType("admin.changed"))
        .extracting(e -> e.action())
        .containsExactly("create", "update", "update");
  }

  @Test
  void refusesAMalformedRoleAndChangesNothing() throws Exception {
    call(
        "POST",
        "/admin/v1/users",
        "{\"username\":\"bob\",\"password\":\"correct horse battery staple\",\"roles\":[\"customer\"]}");

    HttpResponse<String> bad = call("PATCH", "/admin/v1/users/bob", "{\"roles\":[\"no spaces\"]}");

    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type").orElseThrow()).contains("problem+json");
    assertThat(json(call("GET", "/admin/v1/users/bob", null)).get("roles").toString())
        .isEqualTo("[\"customer\"]");
    assertThat(call("PATCH", "/admin/v1/users/nobody", "{\"roles\":[]}").statusCode())
        .isEqualTo(404);
  }

  @Test
  void listsPublishedKeysWithTheSigningOneLast() throws Exception {
    String first = id.server.keys().currentKeyId();
    String second = json(call("POST", "/admin/v1/keys/rotate", null)).get("kid").asText();

    JsonNode keys = json(call("GET", "/admin/v1/keys", null));

    assertThat(keys.findValuesAsText("kid")).containsExactly(first, second);
    assertThat(keys.get(0).get("signing").asBoolean()).isFalse();
    assertThat(keys.get(0).has("retireAfter")).isTrue();
    assertThat(keys.get(1).get("signing").asBoolean()).isTrue();
    assertThat(keys.get(1).has("retireAfter")).isFalse();
    assertThat(keys.toString()).doesNotContain("\"d\"").doesNotContain("\"n\"");
  }
}
