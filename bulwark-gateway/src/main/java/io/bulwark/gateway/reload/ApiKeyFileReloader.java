package io.bulwark.gateway.reload;

import io.bulwark.gateway.auth.ApiKeyAuthenticator;
import io.bulwark.gateway.auth.ApiKeyFile;
import io.bulwark.gateway.auth.ApiKeyRecord;
import io.bulwark.gateway.security.GatewaySecurity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the API key file ({@code gateway.auth.apiKeyFile}) and swaps the gateway's keys and
 * per-key limits when it changes. An invalid file logs every error ({@code file:line: message}), is
 * counted and audited, and the old keys keep working. The file holds hashes only, so nothing logged
 * here can be a key.
 */
public final class ApiKeyFileReloader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiKeyFileReloader.class);
  private static final String SOURCE = "api_keys";

  private final Path file;
  private final ApiKeyAuthenticator authenticator;
  private final List<ApiKeyRecord> configured;
  private final ReloadEvents events;
  private FileWatcher watcher;

  private ApiKeyFileReloader(
      Path file,
      ApiKeyAuthenticator authenticator,
      List<ApiKeyRecord> configured,
      ReloadEvents events) {
    this.file = file;
    this.authenticator = authenticator;
    this.configured = List.copyOf(configured);
    this.events = events;
  }

  /**
   * A reloader acting only when {@link #reloadNow()} is called.
   *
   * @param configured the keys of the configuration itself, kept beside the file's
   */
  public static ApiKeyFileReloader manual(
      Path file,
      ApiKeyAuthenticator authenticator,
      List<ApiKeyRecord> configured,
      ReloadEvents events) {
    return new ApiKeyFileReloader(file, authenticator, configured, events);
  }

  /** Like {@link #manual}, and starts watching the file (debounced). */
  public static ApiKeyFileReloader watch(
      Path file,
      ApiKeyAuthenticator authenticator,
      List<ApiKeyRecord> configured,
      ReloadEvents events)
      throws IOException {
    ApiKeyFileReloader reloader = manual(file, authenticator, configured, events);
    reloader.watcher =
        FileWatcher.start(SOURCE, List.of(file), FileWatcher.DEFAULT_DEBOUNCE, reloader::reloadNow);
    log.info("watching {} for API key changes", file);
    return reloader;
  }

  /** Reads the file and swaps the keys if it is valid; never throws for a bad file. */
  public synchronized ReloadEvents.Result reloadNow() {
    try {
      List<ApiKeyFile.Entry> entries = ApiKeyFile.read(file);
      GatewaySecurity.replaceApiKeys(authenticator, configured, entries);
      log.info("API keys reloaded from {}: {} keys", file, authenticator.size());
    } catch (ApiKeyFile.InvalidApiKeyFileException e) {
      e.errors().forEach(error -> log.error("API keys not reloaded: {}", error));
      events.record(SOURCE, file, ReloadEvents.Result.INVALID, e.getMessage());
      return ReloadEvents.Result.INVALID;
    } catch (IllegalArgumentException e) {
      log.error("API keys not reloaded: {}", e.getMessage());
      events.record(SOURCE, file, ReloadEvents.Result.INVALID, e.getMessage());
      return ReloadEvents.Result.INVALID;
    }
    events.record(SOURCE, file, ReloadEvents.Result.APPLIED, null);
    return ReloadEvents.Result.APPLIED;
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
  }
}
