package io.bulwark.gateway.reload;

import io.bulwark.core.config.BulwarkConfig;
import io.bulwark.core.config.ConfigError;
import io.bulwark.core.config.ConfigException;
import io.bulwark.gateway.GatewayServer;
import io.bulwark.gateway.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code bulwark.yaml} and applies its {@code gateway} section to a running {@link
 * GatewayServer} with {@link GatewayServer#reload}: routes, clusters, limits, timeouts, trusted
 * proxies. The file is parsed and validated by the core loader first; an invalid file logs every
 * error ({@code file:line:col: key: message}), is counted and audited, and the old configuration
 * keeps serving. A valid file whose change needs a restart (listeners, issuers, API keys, mTLS, the
 * revocation feed, Redis, the realm) is rejected the same way, naming what changed; keys are
 * rotated through the watched API key file instead.
 */
public final class ConfigFileReloader implements AutoCloseable {
  /** Loads and validates the whole configuration the way the process did at start. */
  @FunctionalInterface
  public interface Source {
    /**
     * @throws ConfigException listing every error
     */
    BulwarkConfig load();
  }

  /** Turns the {@code gateway} section into the server's configuration (reading TLS files). */
  @FunctionalInterface
  public interface Converter {
    /**
     * @throws Exception naming the problem, such as an unreadable file
     */
    GatewayConfig convert(io.bulwark.core.config.GatewayConfig section) throws Exception;
  }

  private static final Logger log = LoggerFactory.getLogger(ConfigFileReloader.class);
  private static final String SOURCE = "config";

  private final Path file;
  private final Source source;
  private final Converter converter;
  private final GatewayServer server;
  private final ReloadEvents events;
  private final Consumer<io.bulwark.core.config.GatewayConfig> onApplied;
  private volatile io.bulwark.core.config.GatewayConfig current;
  private FileWatcher watcher;

  private ConfigFileReloader(
      Path file,
      Source source,
      Converter converter,
      GatewayServer server,
      io.bulwark.core.config.GatewayConfig initial,
      ReloadEvents events,
      Consumer<io.bulwark.core.config.GatewayConfig> onApplied) {
    this.file = file;
    this.source = source;
    this.converter = converter;
    this.server = server;
    this.current = initial;
    this.events = events;
    this.onApplied = onApplied;
  }

  /**
   * A reloader that applies changes only when {@link #reloadNow()} is called (no watching).
   *
   * @param initial the section the server was started with; restart-only settings are compared with
   *     it
   * @param onApplied runs after each applied reload with the new section (for example to replace
   *     API keys); may be a no-op
   */
  public static ConfigFileReloader manual(
      Path file,
      Source source,
      Converter converter,
      GatewayServer server,
      io.bulwark.core.config.GatewayConfig initial,
      ReloadEvents events,
      Consumer<io.bulwark.core.config.GatewayConfig> onApplied) {
    return new ConfigFileReloader(
        file, source, converter, server, initial, events, Objects.requireNonNull(onApplied));
  }

  /** Like {@link #manual}, and starts watching {@code file} (debounced). */
  public static ConfigFileReloader watch(
      Path file,
      Source source,
      Converter converter,
      GatewayServer server,
      io.bulwark.core.config.GatewayConfig initial,
      ReloadEvents events,
      Consumer<io.bulwark.core.config.GatewayConfig> onApplied)
      throws IOException {
    ConfigFileReloader reloader =
        manual(file, source, converter, server, initial, events, onApplied);
    reloader.watcher =
        FileWatcher.start(SOURCE, List.of(file), FileWatcher.DEFAULT_DEBOUNCE, reloader::reloadNow);
    log.info("watching {} for gateway configuration changes", file);
    return reloader;
  }

  /** Loads the file now and applies it if valid; never throws for a bad file. */
  public synchronized ReloadEvents.Result reloadNow() {
    BulwarkConfig loaded;
    try {
      loaded = source.load();
    } catch (ConfigException e) {
      for (ConfigError error : e.errors()) {
        log.error("gateway configuration not reloaded: {}", error.format());
      }
      return fail(
          ReloadEvents.Result.INVALID,
          e.errors().stream().map(ConfigError::format).collect(Collectors.joining("; ")));
    }
    io.bulwark.core.config.GatewayConfig section = loaded.gateway();
    List<String> restartOnly = restartOnlyChanges(current, section);
    if (!restartOnly.isEmpty()) {
      String reason =
          String.join(", ", restartOnly)
              + " changed: these need a restart; the rest of the file was not applied either";
      log.error("gateway configuration not reloaded: {}", reason);
      return fail(ReloadEvents.Result.REJECTED, reason);
    }
    try {
      server.reload(converter.convert(section));
    } catch (IllegalArgumentException e) {
      boolean listeners = e.getMessage() != null && e.getMessage().startsWith("listeners");
      log.error("gateway configuration not reloaded: {}", e.getMessage());
      return fail(
          listeners ? ReloadEvents.Result.REJECTED : ReloadEvents.Result.INVALID, e.getMessage());
    } catch (Exception e) {
      log.error("gateway configuration not reloaded: {}", e.getMessage());
      return fail(ReloadEvents.Result.INVALID, e.getMessage());
    }
    current = section;
    onApplied.accept(section);
    events.record(SOURCE, file, ReloadEvents.Result.APPLIED, null);
    return ReloadEvents.Result.APPLIED;
  }

  private ReloadEvents.Result fail(ReloadEvents.Result result, String reason) {
    events.record(SOURCE, file, result, reason);
    return result;
  }

  /** The keys whose change a running gateway cannot apply. */
  static List<String> restartOnlyChanges(
      io.bulwark.core.config.GatewayConfig before, io.bulwark.core.config.GatewayConfig after) {
    List<String> changed = new ArrayList<>();
    if (!before.listeners().equals(after.listeners())) {
      changed.add("gateway.listeners");
    }
    if (!before.auth().realm().equals(after.auth().realm())) {
      changed.add("gateway.auth.realm");
    }
    if (!before.auth().issuers().equals(after.auth().issuers())) {
      changed.add("gateway.auth.issuers");
    }
    if (!before.auth().apiKeys().equals(after.auth().apiKeys())) {
      changed.add("gateway.auth.apiKeys");
    }
    if (!before.auth().apiKeyFile().equals(after.auth().apiKeyFile())) {
      changed.add("gateway.auth.apiKeyFile");
    }
    if (!before.auth().mtls().equals(after.auth().mtls())) {
      changed.add("gateway.auth.mtls");
    }
    if (!before.revocation().equals(after.revocation())) {
      changed.add("gateway.revocation");
    }
    if (!before.redis().equals(after.redis())) {
      changed.add("gateway.redis");
    }
    return changed;
  }

  /** The section last applied (or the initial one). */
  public io.bulwark.core.config.GatewayConfig current() {
    return current;
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
  }
}
