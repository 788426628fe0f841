package io.bulwark.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads {@link BulwarkConfig} from, in rising precedence: the documented defaults, {@code
 * bulwark.yaml}, {@code BULWARK_*} environment variables and explicit overrides (command-line
 * flags). Every source is validated against {@link ConfigSchema}; all errors of all sources are
 * reported together with the file line and column or the variable that caused them.
 *
 * <p>Environment rule: a variable starting with {@value ConfigSchema#ENV_PREFIX} must name a key
 * (see {@link ConfigSchema#envName(String)}) unless it is one of {@link #IGNORED_VARIABLES} or
 * starts with {@value #IGNORED_PREFIX}; any other such variable is an error, so that a typo cannot
 * silently leave a setting at its default.
 */
public final class ConfigLoader {
  /** Largest configuration file accepted, in bytes (1 MiB). */
  public static final long MAX_FILE_BYTES = 1L << 20;

  /**
   * {@code BULWARK_} variables that are not configuration keys and are left alone: the launcher's
   * JDK and JVM options, and the config file location used by launchers.
   */
  public static final Set<String> IGNORED_VARIABLES =
      Set.of("BULWARK_CONFIG", "BULWARK_JAVA_HOME", "BULWARK_JAVA_OPTS");

  /** Prefix of variables reserved for test harnesses, left alone by the loader. */
  public static final String IGNORED_PREFIX = "BULWARK_TEST_";

  private static final String ENVIRONMENT = "environment";
  private static final String OVERRIDE = "override";

  private final ConfigSchema schema;
  private final SchemaCheck check;

  /** A loader for the schema shipped with this build. */
  public ConfigLoader() {
    this.schema = ConfigSchema.get();
    this.check = new SchemaCheck(schema);
  }

  /**
   * Loads the configuration.
   *
   * @param file {@code bulwark.yaml}, or empty to use only defaults, environment and overrides
   * @param env environment variables, usually {@link System#getenv()}
   * @param overrides values by dotted key path, e.g. {@code "admin.port" -> "9901"}, as strings
   * @return the validated configuration
   * @throws ConfigException listing every error found
   */
  public BulwarkConfig load(
      Optional<Path> file, Map<String, String> env, Map<String, String> overrides) {
    List<ConfigError> errors = new ArrayList<>();
    Optional<BulwarkConfig> config = collect(file, env, overrides, errors);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return config.orElseThrow();
  }

  /** {@link #load} with this process's environment. */
  public BulwarkConfig loadFromSystem(Optional<Path> file, Map<String, String> overrides) {
    return load(file, System.getenv(), overrides);
  }

  /**
   * Every error in {@code file} alone (environment not consulted); empty when it is valid. A
   * missing or unreadable file is an error, not an exception.
   */
  public List<ConfigError> validate(Path file) {
    return validate(file, Map.of());
  }

  /** Every error in {@code file} together with the {@code BULWARK_*} variables of {@code env}. */
  public List<ConfigError> validate(Path file, Map<String, String> env) {
    List<ConfigError> errors = new ArrayList<>();
    collect(Optional.of(file), env, Map.of(), errors);
    return List.copyOf(errors);
  }

  private Optional<BulwarkConfig> collect(
      Optional<Path> file,
      Map<String, String> env,
      Map<String, String> overrides,
      List<ConfigError> errors) {
    Objects.requireNonNull(file, "file");
    List<Layer> layers = new ArrayList<>();
    file.ifPresent(path -> FileSource.read(path, check, errors).ifPresent(layers::add));
    layers.add(ScalarSource.build(environmentSettings(env, errors), check, errors));
    layers.add(ScalarSource.build(overrideSettings(overrides, errors), check, errors));
    if (!errors.isEmpty()) {
      return Optional.empty();
    }
    Layer merged = Layer.merge(layers);
    try {
      return Optional.of(ConfigBinder.bind(merged.tree()));
    } catch (ConfigValueException e) {
      Origin origin =
          merged
              .exactOrigin(e.path())
              .or(() -> merged.exactOrigin(e.relatedPath()))
              .or(() -> merged.originOf(e.path()))
              .orElse(new Origin("defaults", 0, 0, ""));
      errors.add(origin.error(e.path(), e.reason()));
      return Optional.empty();
    }
  }

  private List<ScalarSource.Setting> environmentSettings(
      Map<String, String> env, List<ConfigError> errors) {
    List<ScalarSource.Setting> settings = new ArrayList<>();
    for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
      String name = entry.getKey();
      if (!name.startsWith(ConfigSchema.ENV_PREFIX) || isIgnored(name)) {
        continue;
      }
      Optional<ConfigProperty> property = schema.propertyForEnv(name);
      if (property.isPresent()) {
        settings.add(
            new ScalarSource.Setting(
                property.get(),
                entry.getValue(),
                new Origin(ENVIRONMENT, 0, 0, " (from " + name + ")")));
      } else {
        errors.add(new ConfigError(ENVIRONMENT, 0, 0, name, unknownVariable(name)));
      }
    }
    return settings;
  }

  private List<ScalarSource.Setting> overrideSettings(
      Map<String, String> overrides, List<ConfigError> errors) {
    List<ScalarSource.Setting> settings = new ArrayList<>();
    for (Map.Entry<String, String> entry : new TreeMap<>(overrides).entrySet()) {
      String path = entry.getKey();
      Optional<ConfigProperty> property = schema.property(path);
      if (property.isPresent()) {
        settings.add(
            new ScalarSource.Setting(
                property.get(), entry.getValue(), new Origin(OVERRIDE, 0, 0, "")));
      } else {
        errors.add(new ConfigError(OVERRIDE, 0, 0, path, unknownPath(path)));
      }
    }
    return settings;
  }

  private static boolean isIgnored(String name) {
    return IGNORED_VARIABLES.contains(name) || name.startsWith(IGNORED_PREFIX);
  }

  private String unknownVariable(String name) {
    List<String> known = schema.properties().stream().map(ConfigProperty::envName).toList();
    return "unknown Bulwark variable"
        + Suggestions.closest(name, known).map(s -> " (did you mean " + s + "?)").orElse("")
        + "; unset it, or see docs/configuration.md for the variables that exist";
  }

  private String unknownPath(String path) {
    List<String> keys = schema.keysOf(path);
    if (!keys.isEmpty()) {
      return "is a section; set one of its keys: "
          + String.join(", ", keys.stream().map(k -> path + "." + k).toList());
    }
    List<String> known = schema.properties().stream().map(ConfigProperty::path).toList();
    return "unknown key"
        + Suggestions.closest(path, known).map(s -> " (did you mean " + s + "?)").orElse("");
  }
}
