package io.bulwark.core.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import io.bulwark.core.config.LogFormat;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;
import org.slf4j.LoggerFactory;

/**
 * Configures logback in code, replacing whatever {@code logback.xml} set up, so a process logs in
 * the format and level its configuration asks for from the first line on. Both formats write to
 * stderr and pass every message and stack trace through {@link Redactor}.
 */
public final class Logging {
  /** Text pattern: time, level, logger, trace id when present, redacted message and stack. */
  public static final String TEXT_PATTERN =
      "%d{HH:mm:ss.SSS} %-5level %logger{36}%traceId - %redactedMsg%n%redactedEx";

  /** Loggers of libraries that are chatty at INFO; held at WARN. */
  private static final List<String> QUIET =
      List.of(
          "org.eclipse.jetty",
          "io.javalin",
          "io.netty",
          "io.opentelemetry",
          "okhttp3",
          "org.flywaydb",
          "com.zaxxer.hikari");

  private static final String APPENDER = "bulwark";

  private static final String JAVALIN_STARTUP_LOGGER = "io.javalin.Javalin";

  private Logging() {}

  /**
   * Sends all logging to stderr in {@code format}, at {@code level} (TRACE, DEBUG, INFO, WARN,
   * ERROR or OFF, case-insensitive) for the root logger.
   */
  public static void configure(LogFormat format, String level) {
    configure(format, level, null);
  }

  /** As {@link #configure(LogFormat, String)}, writing to {@code out} instead of stderr. */
  static synchronized void configure(LogFormat format, String level, OutputStream out) {
    Objects.requireNonNull(format, "format");
    Level rootLevel = parseLevel(level);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();

    Encoder<ILoggingEvent> encoder =
        format == LogFormat.JSON ? jsonEncoder(context) : textEncoder(context);
    OutputStreamAppender<ILoggingEvent> appender;
    if (out == null) {
      ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
      console.setTarget("System.err");
      appender = console;
    } else {
      appender = new OutputStreamAppender<>();
      appender.setOutputStream(out);
    }
    appender.setName(APPENDER);
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.start();

    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(rootLevel);
    root.addAppender(appender);
    Level libraryLevel = rootLevel.isGreaterOrEqual(Level.WARN) ? rootLevel : Level.WARN;
    for (String name : QUIET) {
      context.getLogger(name).setLevel(libraryLevel);
    }
    // Javalin logs its own start failure (e.g. a busy port) at ERROR before rethrowing it;
    // HttpServer turns that into one clear exception, so the duplicate stack trace is noise.
    context.getLogger(JAVALIN_STARTUP_LOGGER).setLevel(Level.OFF);
  }

  static Level parseLevel(String level) {
    String name = level == null ? "INFO" : level.trim().toUpperCase(Locale.ROOT);
    Level parsed = Level.toLevel(name, null);
    if (parsed == null) {
      throw new IllegalArgumentException("unknown log level: " + level);
    }
    return parsed;
  }

  private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
    PatternLayout layout = new PatternLayout();
    layout.getInstanceConverterMap().put("redactedMsg", RedactingMessageConverter::new);
    layout.getInstanceConverterMap().put("redactedEx", RedactingThrowableConverter::new);
    layout.getInstanceConverterMap().put("traceId", TraceIdConverter::new);
    layout.setPattern(TEXT_PATTERN);
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setLayout(layout);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.setContext(context);
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
    LogstashEncoder encoder = new LogstashEncoder();
    encoder.setContext(context);
    LogstashFieldNames names = encoder.getFieldNames();
    names.setLogger("logger");
    names.setThread("thread");
    names.setVersion("[ignore]");
    names.setLevelValue("[ignore]");
    MaskingJsonGeneratorDecorator masking = new MaskingJsonGeneratorDecorator();
    masking.addValueMasker(new RedactingValueMasker());
    masking.start();
    encoder.setJsonGeneratorDecorator(masking);
    encoder.start();
    return encoder;
  }
}
