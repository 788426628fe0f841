package io.bulwark.core.config;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code bakery} section: the example catalog, orders and payments services that {@code bulwark
 * up} starts.
 *
 * @param enabled whether {@code bulwark up} starts them
 * @param host host name or IP address they bind to
 * @param catalogPort TCP port of the catalog service; 0 picks a free port
 * @param ordersPort TCP port of the orders service; 0 picks a free port
 * @param paymentsPort TCP port of the payments service; 0 picks a free port
 */
public record BakeryConfig(
    boolean enabled, String host, int catalogPort, int ordersPort, int paymentsPort) {
  /** Default {@code bakery.enabled}. */
  public static final boolean DEFAULT_ENABLED = true;

  /** Default {@code bakery.host}: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Default {@code bakery.catalogPort}. */
  public static final int DEFAULT_CATALOG_PORT = 8081;

  /** Default {@code bakery.ordersPort}. */
  public static final int DEFAULT_ORDERS_PORT = 8082;

  /** Default {@code bakery.paymentsPort}. */
  public static final int DEFAULT_PAYMENTS_PORT = 8083;

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException naming the key when a port is out of range or two fixed ports
   *     are equal
   */
  public BakeryConfig {
    Checks.host("bakery.host", host);
    Checks.port("bakery.catalogPort", catalogPort);
    Checks.port("bakery.ordersPort", ordersPort);
    Checks.port("bakery.paymentsPort", paymentsPort);
    Map<Integer, String> used = new HashMap<>();
    claim(used, "bakery.catalogPort", catalogPort);
    claim(used, "bakery.ordersPort", ordersPort);
    claim(used, "bakery.paymentsPort", paymentsPort);
  }

  /** The documented defaults. */
  public static BakeryConfig defaults() {
    return new BakeryConfig(
        DEFAULT_ENABLED,
        DEFAULT_HOST,
        DEFAULT_CATALOG_PORT,
        DEFAULT_ORDERS_PORT,
        DEFAULT_PAYMENTS_PORT);
  }

  private static void claim(Map<Integer, String> used, String path, int port) {
    if (port == 0) {
      return;
    }
    String other = used.putIfAbsent(port, path);
    if (other != null) {
      throw new ConfigValueException(path, "must differ from " + other);
    }
  }
}
