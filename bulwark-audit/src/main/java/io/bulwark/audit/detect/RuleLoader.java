package io.bulwark.audit.detect;

import com.fasterxml.jackson.databind.JsonNode;
import io.bulwark.audit.alert.Severity;
import io.bulwark.core.config.ConfigError;
import io.bulwark.core.config.YamlTree;
import io.bulwark.core.config.YamlTree.Position;
import io.bulwark.core.config.YamlTreeReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads detection rules from YAML: each file holds {@code rules:}, a list of rules (format in
 * docs/audit.md). Parsing is strict: unknown keys, wrong types, bad durations and CEL that does not
 * compile are errors, all reported with file, line and column, and nothing is loaded.
 */
public final class RuleLoader {
  /** The rule files shipped in this module, loaded by {@link #builtIn()}. */
  public static final List<String> BUILT_IN_FILES =
      List.of(
          "brute-force.yaml",
          "credential-stuffing.yaml",
          "refresh-token-reuse.yaml",
          "token-used-after-revocation.yaml",
          "gateway-denial-burst.yaml",
          "admin-change-outside-business-hours.yaml",
          "policy-changed.yaml",
          "unexpected-certificate-identity.yaml");

  /** Longest window a rule may use. */
  public static final Duration MAX_WINDOW = Duration.ofDays(7);

  /** Largest threshold a rule may use (it bounds the events kept per group). */
  public static final int MAX_THRESHOLD = 1_000;

  /** Largest rule file read. */
  public static final long MAX_FILE_BYTES = 256 << 10;

  /** Most rules in one set. */
  public static final int MAX_RULES = 500;

  private static final String RESOURCE_DIR = "/io/bulwark/audit/rules/";
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  private static final Pattern SHORT_DURATION = Pattern.compile("([1-9][0-9]{0,6})(s|m|h|d)");
  private static final Set<String> RULE_KEYS =
      Set.of(
          "id",
          "title",
          "description",
          "severity",
          "enabled",
          "kind",
          "window",
          "threshold",
          "match",
          "groupBy",
          "distinct",
          "first",
          "then");

  private final String source;
  private final YamlTree tree;
  private final List<String> problems;

  private RuleLoader(String source, YamlTree tree, List<String> problems) {
    this.source = source;
    this.tree = tree;
    this.problems = problems;
  }

  /** The shipped rules. */
  public static List<Rule> builtIn() {
    List<String> problems = new ArrayList<>();
    Map<String, Rule> rules = new LinkedHashMap<>();
    for (String name : BUILT_IN_FILES) {
      try (InputStream in = RuleLoader.class.getResourceAsStream(RESOURCE_DIR + name)) {
        if (in == null) {
          throw new IllegalStateException("missing built-in rule file " + name);
        }
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        for (Rule rule : parseInto(name, text, problems)) {
          rules.put(rule.id(), rule);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(new RuleLoadException(problems));
    }
    return List.copyOf(rules.values());
  }

  /**
   * The shipped rules, overlaid with the {@code *.yaml} / {@code *.yml} files of {@code dir} (in
   * name order) unless it is {@code null}: a rule with the id of an earlier one replaces it, and
   * {@code enabled: false} removes it. A {@code dir} that is not a directory is an error.
   *
   * @throws RuleLoadException listing every problem found in every file
   * @throws IOException if the directory cannot be read
   */
  public static List<Rule> load(Path dir) throws RuleLoadException, IOException {
    Map<String, Rule> rules = new LinkedHashMap<>();
    builtIn().forEach(rule -> rules.put(rule.id(), rule));
    if (dir == null) {
      return List.copyOf(rules.values());
    }
    if (!Files.isDirectory(dir)) {
      throw new RuleLoadException(List.of(dir + ": not a directory"));
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files =
          listing
              .filter(p -> p.getFileName().toString().matches(".+\\.ya?ml"))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    }
    List<String> problems = new ArrayList<>();
    for (Path file : files) {
      if (Files.size(file) > MAX_FILE_BYTES) {
        problems.add(file + ": larger than " + MAX_FILE_BYTES + " bytes");
        continue;
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      RuleLoader loader = read(file.toString(), text, problems);
      if (loader != null) {
        loader.rules(rules);
      }
    }
    if (rules.size() > MAX_RULES) {
      problems.add(dir + ": more than " + MAX_RULES + " rules");
    }
    if (!problems.isEmpty()) {
      throw new RuleLoadException(problems);
    }
    return List.copyOf(rules.values());
  }

  /**
   * Parses one rule file's text.
   *
   * @throws RuleLoadException listing every problem
   */
  public static List<Rule> parse(String source, String text) throws RuleLoadException {
    List<String> problems = new ArrayList<>();
    List<Rule> rules = parseInto(source, text, problems);
    if (!problems.isEmpty()) {
      throw new RuleLoadException(problems);
    }
    return rules;
  }

  private static List<Rule> parseInto(String source, String text, List<String> problems) {
    RuleLoader loader = read(source, text, problems);
    if (loader == null) {
      return List.of();
    }
    Map<String, Rule> rules = new LinkedHashMap<>();
    loader.rules(rules);
    return List.copyOf(rules.values());
  }

  private static RuleLoader read(String source, String text, List<String> problems) {
    List<ConfigError> errors = new ArrayList<>();
    Optional<YamlTree> tree = YamlTreeReader.read(source, text, errors);
    for (ConfigError error : errors) {
      problems.add(
          source
              + ":"
              + error.line()
              + ":"
              + error.column()
              + ": "
              + error.path()
              + ": "
              + error.message());
    }
    if (tree.isEmpty() || !errors.isEmpty()) {
      return null;
    }
    return new RuleLoader(source, tree.get(), problems);
  }

  private void rules(Map<String, Rule> into) {
    JsonNode root = tree.root();
    if (!root.isObject()) {
      error("", "a rule file is a mapping with a 'rules' list");
      return;
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("rules")) {
        errorAtKey(name, "unknown key (expected 'rules')");
      }
    }
    JsonNode list = root.path("rules");
    if (!list.isArray()) {
      error("rules", "'rules' must be a list of rules");
      return;
    }
    Map<String, String> seen = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "rules[" + i + "]";
      JsonNode node = list.get(i);
      if (!node.isObject()) {
        error(path, "a rule must be a mapping");
        continue;
      }
      int before = problems.size();
      String id = string(node, path, "id", true);
      if (id != null && seen.put(id, path) != null) {
        error(path + ".id", "duplicate rule id '" + id + "' in this file");
      }
      boolean enabled = bool(node, path, "enabled", true);
      if (!enabled) {
        if (problems.size() == before && id != null) {
          into.remove(id);
        }
        continue;
      }
      Rule rule = rule(node, path, id);
      if (problems.size() == before && id != null && rule != null) {
        into.put(id, rule);
      }
    }
  }

  private Rule rule(JsonNode node, String path, String id) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!RULE_KEYS.contains(name)) {
        errorAtKey(
            path + "." + name,
            "unknown key; expected one of " + new java.util.TreeSet<>(RULE_KEYS));
      }
    }
    if (id != null && !ID.matcher(id).matches()) {
      error(path + ".id", "must be 1-64 lower-case letters, digits and '-'");
    }
    String title = string(node, path, "title", false);
    String description = string(node, path, "description", false);
    Severity severity = Severity.MEDIUM;
    String severityText = string(node, path, "severity", false);
    if (severityText != null) {
      try {
        severity = Severity.fromJson(severityText);
      } catch (IllegalArgumentException e) {
        error(path + ".severity", e.getMessage());
      }
    }
    Rule.Kind kind = Rule.Kind.THRESHOLD;
    String kindText = string(node, path, "kind", false);
    if (kindText != null) {
      switch (kindText) {
        case "threshold" -> kind = Rule.Kind.THRESHOLD;
        case "sequence" -> kind = Rule.Kind.SEQUENCE;
        default -> error(path + ".kind", "must be 'threshold' or 'sequence'");
      }
    }
    int threshold = 1;
    JsonNode thresholdNode = node.get("threshold");
    if (thresholdNode != null) {
      if (!thresholdNode.isIntegralNumber()
          || thresholdNode.asLong() < 1
          || thresholdNode.asLong() > MAX_THRESHOLD) {
        error(path + ".threshold", "must be an integer from 1 to " + MAX_THRESHOLD);
      } else if (kind == Rule.Kind.SEQUENCE) {
        error(path + ".threshold", "a sequence rule has no threshold");
      } else {
        threshold = thresholdNode.asInt();
      }
    }
    Duration window = Duration.ZERO;
    String windowText = string(node, path, "window", false);
    if (windowText != null) {
      window = duration(path + ".window", windowText);
    } else if (threshold > 1 || kind == Rule.Kind.SEQUENCE) {
      error(path, "missing 'window' (such as 5m)");
    }
    Optional<Expression> match = expression(node, path, "match", true);
    Optional<Expression> distinct = expression(node, path, "distinct", false);
    Optional<Expression> first = expression(node, path, "first", true);
    Optional<Expression> then = expression(node, path, "then", true);
    if (kind == Rule.Kind.THRESHOLD) {
      require(node, path, "match");
      forbid(node, path, "first", "a threshold rule");
      forbid(node, path, "then", "a threshold rule");
    } else {
      require(node, path, "first");
      require(node, path, "then");
      forbid(node, path, "match", "a sequence rule (use first and then)");
      forbid(node, path, "distinct", "a sequence rule");
    }
    List<Expression> groupBy = groupBy(node, path);
    if (kind == Rule.Kind.SEQUENCE && node.has("groupBy") && groupBy.isEmpty()) {
      error(path + ".groupBy", "a sequence rule needs a group key");
    }
    if (kind == Rule.Kind.SEQUENCE && !node.has("groupBy")) {
      error(path, "missing 'groupBy': a sequence rule links its steps by a key");
    }
    if (title == null) {
      title = id;
    }
    try {
      return new Rule(
          id == null ? "?" : id,
          title == null ? "?" : title,
          description == null ? "" : description,
          severity,
          kind,
          window,
          threshold,
          kind == Rule.Kind.THRESHOLD ? match : Optional.empty(),
          groupBy,
          distinct,
          first,
          then,
          source);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private List<Expression> groupBy(JsonNode node, String path) {
    JsonNode value = node.get("groupBy");
    if (value == null) {
      return List.of();
    }
    String at = path + ".groupBy";
    if (!value.isArray() || value.isEmpty() || value.size() > 4) {
      error(at, "must be a list of 1 to 4 CEL expressions");
      return List.of();
    }
    List<Expression> keys = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      String itemPath = at + "[" + i + "]";
      if (!item.isTextual()) {
        error(itemPath, "must be a CEL expression (a string)");
        continue;
      }
      compile(itemPath, item.asText(), false).ifPresent(keys::add);
    }
    return keys;
  }

  private Optional<Expression> expression(JsonNode node, String path, String key, boolean bool) {
    String text = string(node, path, key, false);
    if (text == null) {
      return Optional.empty();
    }
    return compile(path + "." + key, text, bool && !key.equals("distinct"));
  }

  private Optional<Expression> compile(String at, String text, boolean condition) {
    try {
      return Optional.of(condition ? Expression.condition(text) : Expression.key(text));
    } catch (IllegalArgumentException e) {
      error(at, "CEL: " + oneLine(e.getMessage()));
      return Optional.empty();
    }
  }

  private void require(JsonNode node, String path, String key) {
    if (!node.has(key)) {
      error(path, "missing '" + key + "'");
    }
  }

  private void forbid(JsonNode node, String path, String key, String what) {
    if (node.has(key)) {
      errorAtKey(path + "." + key, "'" + key + "' is not allowed in " + what);
    }
  }

  private Duration duration(String at, String text) {
    Duration value = null;
    Matcher m = SHORT_DURATION.matcher(text);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      value =
          switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
    } else {
      try {
        value = Duration.parse(text);
      } catch (DateTimeParseException e) {
        error(at, "must be a duration such as 30s, 5m, 2h, 1d or PT5M");
        return Duration.ZERO;
      }
    }
    if (value.isNegative() || value.isZero() || value.compareTo(MAX_WINDOW) > 0) {
      error(at, "must be more than 0 and at most 7d");
      return Duration.ZERO;
    }
    return value;
  }

  private String string(JsonNode node, String path, String key, boolean required) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      if (required) {
        error(path, "missing '" + key + "'");
      }
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      error(path + "." + key, "must be a non-empty string");
      return null;
    }
    return value.asText();
  }

  private boolean bool(JsonNode node, String path, String key, boolean otherwise) {
    JsonNode value = node.get(key);
    if (value == null) {
      return otherwise;
    }
    if (!value.isBoolean()) {
      error(path + "." + key, "must be true or false");
      return otherwise;
    }
    return value.asBoolean();
  }

  private void error(String path, String message) {
    report(tree.locate(path, false), path, message);
  }

  private void errorAtKey(String path, String message) {
    report(tree.locate(path, true), path, message);
  }

  private void report(Position at, String path, String message) {
    problems.add(
        source
            + ":"
            + at.line()
            + ":"
            + at.column()
            + ": "
            + (path.isEmpty() ? "" : path + ": ")
            + message);
  }

  private static String oneLine(String message) {
    if (message == null) {
      return "invalid expression";
    }
    return message.replaceAll("\\s*\\n\\s*", " | ").strip();
  }
}
