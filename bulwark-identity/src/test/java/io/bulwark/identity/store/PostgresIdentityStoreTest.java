package io.bulwark.identity.store;

import io.bulwark.testkit.TestPostgres;

class PostgresIdentityStoreTest extends IdentityStoreContract {
  @Override
  IdentityDatabase open() {
    TestPostgres pg = TestPostgres.get();
    return IdentityDatabase.postgres(pg.freshDatabase("identity"), pg.user(), pg.password());
  }
}
