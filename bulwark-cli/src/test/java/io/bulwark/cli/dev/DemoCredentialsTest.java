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
}
