package io.bulwark.e2e;

import io.bulwark.testkit.FreePorts;

/** Free ports for every listener of one {@code bulwark up}, and the arguments that use them. */
record UpPorts(
    int admin,
    int catalog,
    int orders,
    int payments,
    int policy,
    int audit,
    int identity,
    int gateway) {

  static UpPorts free() {
    return new UpPorts(
        FreePorts.next(),
        FreePorts.next(),
        FreePorts.next(),
        FreePorts.next(),
        FreePorts.next(),
        FreePorts.next(),
        FreePorts.next(),
        FreePorts.next());
  }

  /** {@code up --data-dir DIR} with every port option. */
  String[] upArgs(String dataDir) {
    return new String[] {
      "up",
      "--data-dir",
      dataDir,
      "--admin-port",
      String.valueOf(admin),
      "--catalog-port",
      String.valueOf(catalog),
      "--orders-port",
      String.valueOf(orders),
      "--payments-port",
      String.valueOf(payments),
      "--policy-port",
      String.valueOf(policy),
      "--audit-port",
      String.valueOf(audit),
      "--identity-port",
      String.valueOf(identity),
      "--gateway-port",
      String.valueOf(gateway)
    };
  }
}
