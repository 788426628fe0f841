package io.bulwark.identity.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2IdentityStoreTest extends IdentityStoreContract {
  @TempDir Path dir;

  @Override
  IdentityDatabase open() {
    return IdentityDatabase.h2(dir.resolve("identity"));
  }

  @Test
  void keepsDataInAFileAcrossReopening() {
    db.users().create(user("U1", "alice"));
    db.close();
    db = open();
    assertThat(Files.exists(dir.resolve("identity.mv.db"))).isTrue();
    assertThat(db.users().findByUsername("alice")).isPresent();
  }
}
