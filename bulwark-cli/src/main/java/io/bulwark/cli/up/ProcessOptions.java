package io.bulwark.cli.up;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every long-running command shares ({@code up}, {@code serve}): the configuration
 * file, the data dir, the admin and gateway ports and logging. Each becomes an override of its
 * configuration key.
 */
public final class ProcessOptions {
  @Option(
      names = {"-c", "--config"},
      description = "Configuration file (default: ./bulwark.yaml when it exists).")
  Path configFile;

  @Option(names = "--data-dir", description = "State directory (default ./.bulwark).")
  String dataDir;

  @Option(names = "--admin-port", description = "Admin listener port (default 9900).")
  Integer adminPort;

  @Option(names = "--gateway-port", description = "Gateway HTTPS port (default 8443).")
  Integer gatewayPort;

  @Option(names = "--log-format", description = "Log format: text or json (default text).")
  String logFormat;

  @Option(names = "--log-level", description = "Root log level (default info).")
  String logLevel;

  /** The file given, else {@code ./bulwark.yaml} when it exists. */
  Optional<Path> configFile() {
    if (configFile != null) {
      return Optional.of(configFile);
    }
    Path implicit = Path.of("bulwark.yaml");
    return Files.isRegularFile(implicit) ? Optional.of(implicit) : Optional.empty();
  }

  /** The overrides these options make, by configuration key. */
  Map<String, String> overrides() {
    Map<String, String> overrides = new LinkedHashMap<>();
    put(overrides, "dataDir", dataDir);
    put(overrides, "admin.port", adminPort);
    if (gatewayPort != null) {
      put(
          overrides,
          "gateway.listeners",
          "[{\"name\":\"https\",\"host\":\"127.0.0.1\",\"port\":" + gatewayPort + "}]");
    }
    put(overrides, "log.format", logFormat);
    put(overrides, "log.level", logLevel);
    return overrides;
  }

  static void put(Map<String, String> overrides, String key, Object value) {
    if (value != null) {
      overrides.put(key, value.toString());
    }
  }
}
