package io.bulwark.cli.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCredentialsTest {
  @TempDir Path dataDir;

  @Test
  void createsOwnerOnlyFileWithRandomSecretsOnFirstStart() throws Exception {
    DemoCredentials created = DemoCredentials.loadOrCreate(dataDir);

    Path file = dataDir.resolve(DemoCredentials.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(created.users())
        .extracting(DemoCredentials.User::username)
        .contains("alice", "bob", "carol", "dave");
    assertThat(created.users())
        .extracting(DemoCredentials.User::password)
        .doesNotHaveDuplicates()
        .allSatisfy(password -> assertThat(password).hasSizeGreaterThanOrEqualTo(20));
  }

  @Test
  void reusesTheFileOnLaterStarts() {
    DemoCredentials first = DemoCredentials.loadOrCreate(dataDir);

    assertThat(DemoCredentials.loadOrCreate(dataDir)).isEqualTo(first);
    assertThat(DemoCredentials.load(dataDir)).isEqualTo(first);
  }

  @Test
  void eachDataDirGetsItsOwnSecrets(@TempDir Path other) {
    assertThat(DemoCredentials.loadOrCreate(dataDir).user("alice").orElseThrow().password())
        .isNotEqualTo(DemoCredentials.loadOrCreate(other).user("alice").orElseThrow().password());
  }

  @Test
  void loadExplainsThatUpMustRunFirst() {
    assertThatThrownBy(() -> DemoCredentials.load(dataDir)).hasMessageContaining("bulwark up");
  }

  @Test
  void aDataDirFromBeforeTheAdminClientGetsOneAndKeepsEverythingElse() throws Exception {
    DemoCredentials created = DemoCredentials.loadOrCreate(dataDir);
    assertThat(created.client(DemoCredentials.ADMIN_CLIENT_ID).orElseThrow().clientSecret())
        .hasSizeGreaterThanOrEqualTo(22);
    DemoCredentials old =
        new DemoCredentials(
            created.users(),
            created.clients().stream()
                .filter(c -> !c.clientId().equals(DemoCredentials.ADMIN_CLIENT_ID))
                .toList());
    Path file = dataDir.resolve(DemoCredentials.FILE_NAME);
    Files.write(file, io.bulwark.core.json.Json.mapper().writeValueAsBytes(old));

    DemoCredentials upgraded = DemoCredentials.loadOrCreate(dataDir);

    assertThat(upgraded.users()).isEqualTo(created.users());
    assertThat(upgraded.client(DemoCredentials.ORDERS_CLIENT_ID))
        .isEqualTo(created.client(DemoCredentials.ORDERS_CLIENT_ID));
    assertThat(upgraded.client(DemoCredentials.ADMIN_CLIENT_ID)).isPresent();
    assertThat(DemoCredentials.load(dataDir)).isEqualTo(upgraded);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }
}
