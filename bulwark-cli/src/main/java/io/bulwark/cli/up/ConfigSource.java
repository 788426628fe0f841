package io.bulwark.cli.up;

import io.bulwark.core.config.BulwarkConfig;
import io.bulwark.core.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a process's configuration comes from: the file (if any), the environment and the
 * command-line overrides. Loading again with the same inputs is how a watched file is reloaded, so
 * flags such as {@code --gateway-port} keep applying after a reload.
 *
 * @param file {@code bulwark.yaml}, or empty for defaults, environment and flags only
 * @param env the environment
 * @param overrides values from command-line flags by dotted key
 */
record ConfigSource(Optional<Path> file, Map<String, String> env, Map<String, String> overrides) {
  ConfigSource {
    env = Map.copyOf(env);
    overrides = Map.copyOf(overrides);
  }

  /** Nothing to reload from: defaults only. */
  static ConfigSource none() {
    return new ConfigSource(Optional.empty(), Map.of(), Map.of());
  }

  /**
   * Loads and validates the configuration.
   *
   * @throws io.bulwark.core.config.ConfigException listing every error
   */
  BulwarkConfig load() {
    return new ConfigLoader().load(file, env, overrides);
  }
}
