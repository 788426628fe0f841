package io.bulwark.identity;

import static io.bulwark.identity.TestIdentity.basic;
import static io.bulwark.identity.TestIdentity.form;
import static io.bulwark.identity.TestIdentity.params;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.nimbusds.jose.jwk.JWK;
import io.bulwark.identity.store.StoredKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Client secrets, passwords, tokens and private keys never reach the log or audit events. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecretsNeverLoggedTest {
  @TempDir Path dir;

  @Test
  void noSecretAppearsInLogsOrAuditEvents() throws Exception {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    List<String> secrets = new ArrayList<>();
    try (TestIdentity id = new TestIdentity(dir)) {
      String secret =
          id.secretClient("svc", Set.of("client_credentials"), Set.of("a"), List.of("x"));
      secrets.add(secret);
      String password = "correct horse battery staple";
      secrets.add(password);
      id.server.users().create("alice", password, List.of(), List.of(), Map.of());
      String token = id.clientToken("svc", secret);
      secrets.add(token);
      id.post(
          "/oauth2/token",
          basic("svc", secret + "x"),
          form(params("grant_type", "client_credentials")));
      id.post("/oauth2/revoke", basic("svc", secret), form(params("token", token)));
      id.server.keys().rotate();
      Browser browser = new Browser(id);
      browser.authorize(browser.query("svc", "a"));
      for (StoredKey key : id.db.signingKeys().active(id.clock.instant())) {
        Object d = JWK.parse(key.jwk()).toJSONObject().get("d");
        secrets.add(String.valueOf(d));
      }
      List<String> written = new ArrayList<>();
      logs.list.forEach(e -> {
        written.add(e.getFormattedMessage());
        if (e.getThrowableProxy() != null) {
          written.add(e.getThrowableProxy().getMessage());
        }
      });
      id.audit.ofType("token.issued").forEach(e -> written.add(e.toString()));
      id.audit.ofType("auth.client.failed").forEach(e -> written.add(e.toString()));
      id.audit.ofType("token.revoked").forEach(e -> written.add(e.toString()));
      assertThat(written).isNotEmpty();
      for (String line : written) {
        for (String s : secrets) {
          assertThat(line).doesNotContain(s);
        }
      }
    } finally {
      root.detachAppender(logs);
    }
  }
}
