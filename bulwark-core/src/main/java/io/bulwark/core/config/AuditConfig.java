package io.bulwark.core.config;

import io.bulwark.core.log.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code audit} section: the local chained log, what happens when it cannot record, the
 * secondary sinks, the audit HTTP listener ({@code POST /v1/audit/events}, {@code GET /v1/alerts}),
 * detection rules and alert delivery.
 *
 * @param dir directory of the hash-chained audit log files; relative paths are resolved against the
 *     data directory
 * @param fsync when writes are forced to disk
 * @param mode whether audited operations fail when the audit trail cannot record them
 * @param host address the audit HTTP listener binds to
 * @param port TCP port of the audit HTTP listener, 0 to 65535; 0 picks a free port
 * @param postgres the PostgreSQL sink, when configured
 * @param webhookUrl the webhook sink's URL, when configured
 * @param syslog the syslog sink, when configured
 * @param detection the detection rules and their settings
 * @param alerts where alerts go and how many are kept
 */
public record AuditConfig(
    Path dir,
    FsyncPolicy fsync,
    AuditFailureMode mode,
    String host,
    int port,
    Postgres postgres,
    Optional<URI> webhookUrl,
    Syslog syslog,
    Detection detection,
    Alerts alerts) {
  /** Default {@code audit.dir}, relative to the data directory. */
  public static final Path DEFAULT_DIR = Path.of("audit");

  /** Default {@code audit.fsync}: durable. */
  public static final FsyncPolicy DEFAULT_FSYNC = FsyncPolicy.ALWAYS;

  /** Default {@code audit.mode}: fail closed. */
  public static final AuditFailureMode DEFAULT_MODE = AuditFailureMode.REQUIRED;

  /** Default {@code audit.host}: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Default {@code audit.port}. */
  public static final int DEFAULT_PORT = 9902;

  /** Whether audited operations fail when the audit trail cannot record them. */
  public enum AuditFailureMode {
    /** Refuse the operation (as Vault does when no audit device can write). */
    REQUIRED,
    /** Log, count and let the operation go on. */
    BEST_EFFORT;

    /** The YAML spelling: {@code required} or {@code best_effort}. */
    public String yamlName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static AuditFailureMode fromYaml(String path, String value) {
      for (AuditFailureMode mode : values()) {
        if (mode.yamlName().equals(value)) {
          return mode;
        }
      }
      throw new ConfigValueException(path, "must be one of: required, best_effort");
    }
  }

  /**
   * {@code audit.postgres}: copy every record to PostgreSQL.
   *
   * @param url JDBC URL ({@code jdbc:postgresql://...}); empty: no PostgreSQL sink
   * @param user database user, if the URL does not carry it
   * @param password database password; prefer the environment variable to the file
   */
  public record Postgres(Optional<String> url, Optional<String> user, Optional<Secret> password) {
    /** Validates the values. */
    public Postgres {
      Checks.present("audit.postgres.url", url);
      Checks.present("audit.postgres.user", user);
      Checks.present("audit.postgres.password", password);
      if (url.isPresent() && !url.get().startsWith("jdbc:postgresql:")) {
        throw new ConfigValueException("audit.postgres.url", "must start with jdbc:postgresql:");
      }
    }

    /** No PostgreSQL sink. */
    public static Postgres none() {
      return new Postgres(Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  /**
   * {@code audit.syslog}: send every record as RFC 5424 over TCP (optionally TLS).
   *
   * @param host the collector; empty: no syslog sink
   * @param port the collector's port
   * @param tls whether to use TLS (RFC 5425)
   */
  public record Syslog(Optional<String> host, int port, boolean tls) {
    /** Default {@code audit.syslog.port}: syslog over TLS. */
    public static final int DEFAULT_PORT = 6514;

    /** Default {@code audit.syslog.tls}. */
    public static final boolean DEFAULT_TLS = true;

    /** Validates the values. */
    public Syslog {
      Checks.present("audit.syslog.host", host);
      host.ifPresent(h -> Checks.host("audit.syslog.host", h));
      Checks.port("audit.syslog.port", port);
    }

    /** No syslog sink. */
    public static Syslog none() {
      return new Syslog(Optional.empty(), DEFAULT_PORT, DEFAULT_TLS);
    }
  }

  /**
   * {@code audit.detection}: the detection rules run over every event.
   *
   * @param enabled whether rules run at all
   * @param rulesDir a directory of extra rule files overlaying the shipped ones; empty: shipped
   *     rules only
   * @param businessZone the time zone of business hours
   * @param businessStartHour first business hour (0-23)
   * @param businessEndHour end of business hours (1-24, exclusive)
   * @param businessDays business days
   * @param certIdentityPattern regular expression every issued certificate's SPIFFE id must match
   */
  public record Detection(
      boolean enabled,
      Optional<Path> rulesDir,
      ZoneId businessZone,
      int businessStartHour,
      int businessEndHour,
      Set<DayOfWeek> businessDays,
      String certIdentityPattern) {
    /** Default {@code audit.detection.businessHours}. */
    public static final String DEFAULT_BUSINESS_HOURS = "08-18";

    /** Default {@code audit.detection.businessDays}. */
    public static final String DEFAULT_BUSINESS_DAYS = "mon-fri";

    /** Default {@code audit.detection.businessZone}. */
    public static final String DEFAULT_BUSINESS_ZONE = "UTC";

    /** Default {@code audit.detection.certIdentityPattern}. */
    public static final String DEFAULT_CERT_IDENTITY_PATTERN = "^spiffe://bulwark\\.local/.+$";

    private static final Pattern HOURS = Pattern.compile("([0-9]{1,2})-([0-9]{1,2})");
    private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

    /** Validates the values. */
    public Detection {
      Checks.present("audit.detection.rulesDir", rulesDir);
      Checks.present("audit.detection.businessZone", businessZone);
      if (businessStartHour < 0 || businessEndHour > 24 || businessStartHour >= businessEndHour) {
        throw new ConfigValueException(
            "audit.detection.businessHours", "must be START-END with 0 <= START < END <= 24");
      }
      businessDays = Set.copyOf(businessDays);
      try {
        Pattern.compile(
            Checks.nonBlank("audit.detection.certIdentityPattern", certIdentityPattern));
      } catch (PatternSyntaxException e) {
        throw new ConfigValueException(
            "audit.detection.certIdentityPattern", "is not a valid regular expression");
      }
    }

    /** The documented defaults. */
    public static Detection defaults() {
      return of(
          true,
          Optional.empty(),
          DEFAULT_BUSINESS_ZONE,
          DEFAULT_BUSINESS_HOURS,
          DEFAULT_BUSINESS_DAYS,
          DEFAULT_CERT_IDENTITY_PATTERN);
    }

    /** Parses the YAML forms of zone ({@code Europe/Paris}), hours ({@code 08-18}), days. */
    static Detection of(
        boolean enabled,
        Optional<Path> rulesDir,
        String zone,
        String hours,
        String days,
        String certIdentityPattern) {
      ZoneId zoneId;
      try {
        zoneId = ZoneId.of(zone);
      } catch (DateTimeException e) {
        throw new ConfigValueException(
            "audit.detection.businessZone", "is not a time zone id such as UTC or Europe/Paris");
      }
      Matcher m = HOURS.matcher(hours);
      if (!m.matches()) {
        throw new ConfigValueException(
            "audit.detection.businessHours", "must be START-END in hours, such as 08-18");
      }
      return new Detection(
          enabled,
          rulesDir,
          zoneId,
          Integer.parseInt(m.group(1)),
          Integer.parseInt(m.group(2)),
          days(days),
          certIdentityPattern);
    }

    private static Set<DayOfWeek> days(String text) {
      Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
      for (String part : text.split(",")) {
        String[] range = part.strip().split("-");
        if (range.length < 1 || range.length > 2) {
          throw badDays();
        }
        int from = day(range[0]);
        int to = range.length == 2 ? day(range[1]) : from;
        for (int d = from; ; d = (d + 1) % 7) {
          out.add(DayOfWeek.of(d + 1));
          if (d == to) {
            break;
          }
        }
      }
      return out;
    }

    private static int day(String name) {
      for (int i = 0; i < DAYS.length; i++) {
        if (DAYS[i].equals(name.strip())) {
          return i;
        }
      }
      throw badDays();
    }

    private static ConfigValueException badDays() {
      return new ConfigValueException(
          "audit.detection.businessDays",
          "must list days or ranges of mon, tue, wed, thu, fri, sat, sun, such as mon-fri");
    }
  }

  /**
   * {@code audit.alerts}: where alerts are sent and how many are kept for {@code GET /v1/alerts}.
   *
   * @param webhookUrl a Slack-compatible incoming webhook; empty: alerts are logged only
   * @param maxPerRulePerMinute most alerts of one rule announced per minute
   * @param retain most alerts kept in memory
   */
  public record Alerts(Optional<URI> webhookUrl, int maxPerRulePerMinute, int retain) {
    /** Default {@code audit.alerts.maxPerRulePerMinute}. */
    public static final int DEFAULT_MAX_PER_RULE_PER_MINUTE = 10;

    /** Default {@code audit.alerts.retain}. */
    public static final int DEFAULT_RETAIN = 10_000;

    /** Validates the values. */
    public Alerts {
      Checks.present("audit.alerts.webhookUrl", webhookUrl);
      webhookUrl.ifPresent(u -> requireWebUrl("audit.alerts.webhookUrl", u));
      if (maxPerRulePerMinute < 1) {
        throw new ConfigValueException("audit.alerts.maxPerRulePerMinute", "must be at least 1");
      }
      if (retain < 1) {
        throw new ConfigValueException("audit.alerts.retain", "must be at least 1");
      }
    }

    /** The documented defaults. */
    public static Alerts defaults() {
      return new Alerts(Optional.empty(), DEFAULT_MAX_PER_RULE_PER_MINUTE, DEFAULT_RETAIN);
    }
  }

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException naming the key when a value is missing or empty
   */
  public AuditConfig {
    if (Checks.present("audit.dir", dir).toString().isEmpty()) {
      throw new ConfigValueException("audit.dir", "must not be empty");
    }
    Checks.present("audit.fsync", fsync);
    Checks.present("audit.mode", mode);
    Checks.host("audit.host", host);
    Checks.port("audit.port", port);
    Checks.present("audit.postgres", postgres);
    Checks.present("audit.webhookUrl", webhookUrl);
    webhookUrl.ifPresent(u -> requireWebUrl("audit.webhookUrl", u));
    Checks.present("audit.syslog", syslog);
    Checks.present("audit.detection", detection);
    Checks.present("audit.alerts", alerts);
  }

  /** The defaults, with {@code dir} and {@code fsync} as given. */
  public AuditConfig(Path dir, FsyncPolicy fsync) {
    this(
        dir,
        fsync,
        DEFAULT_MODE,
        DEFAULT_HOST,
        DEFAULT_PORT,
        Postgres.none(),
        Optional.empty(),
        Syslog.none(),
        Detection.defaults(),
        Alerts.defaults());
  }

  /** The documented defaults. */
  public static AuditConfig defaults() {
    return new AuditConfig(DEFAULT_DIR, DEFAULT_FSYNC);
  }

  /** The audit directory itself: {@link #dir()} if absolute, otherwise {@code dataDir/dir}. */
  public Path resolveDir(Path dataDir) {
    return dataDir.resolve(dir);
  }

  private static void requireWebUrl(String path, URI url) {
    Objects.requireNonNull(url, path);
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || url.getHost() == null) {
      throw new ConfigValueException(path, "must be an http(s) URL");
    }
  }
}
