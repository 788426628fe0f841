package io.bulwark.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real nginx run as the current user from a rendered config: its own prefix for pid, logs and
 * temp files, in the foreground ({@code daemon off}), stopped with SIGTERM.
 */
final class NginxProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Path DEBIAN_BINARY = Path.of("/usr/sbin/nginx");

  private final Process process;
  private final Path prefix;

  private NginxProcess(Process process, Path prefix) {
    this.process = process;
    this.prefix = prefix;
  }

  /**
   * The nginx binary: {@code BULWARK_NGINX}, else {@code nginx} on the PATH, else Debian's {@code
   * /usr/sbin/nginx}; fails (never skips) when there is none.
   */
  static Path binary() {
    String configured = System.getenv("BULWARK_NGINX");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      if (!Files.isExecutable(path)) {
        throw new AssertionError("BULWARK_NGINX=" + configured + " is not an executable file");
      }
      return path;
    }
    return onPath("nginx")
        .or(() -> Files.isExecutable(DEBIAN_BINARY) ? Optional.of(DEBIAN_BINARY) : Optional.empty())
        .orElseThrow(() ->
            new AssertionError(
                "nginx not found (the nginx interop test runs because -Dbulwark.interop=true):"
                    + " install it (apt-get install nginx-light), or set BULWARK_NGINX to its"
                    + " binary, or drop -Dbulwark.interop=true"));
  }

  /** Writes {@code config} as {@code PREFIX/nginx.conf} and starts nginx on it. */
  static NginxProcess start(Path binary, Path prefix, String config) throws IOException {
    Files.createDirectories(prefix.resolve("logs"));
    Files.createDirectories(prefix.resolve("temp"));
    Path conf = prefix.resolve("nginx.conf");
    Files.writeString(conf, config);
    Path errorLog = prefix.resolve("logs/error.log");
    List<String> command =
        List.of(
            binary.toString(),
            "-p",
            prefix + "/",
            "-c",
            conf.toString(),
            "-e",
            errorLog.toString(),
            "-g",
            "daemon off;");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(prefix.resolve("logs/console.log").toFile())
            .start();
    return new NginxProcess(process, prefix);
  }

  /** Waits until nginx accepts connections on {@code port}; fails if it exits first. */
  void awaitListening(int port) throws Exception {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError("nginx exited with " + process.exitValue() + ": " + logs());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("nginx not listening within " + READY_TIMEOUT + ": " + logs());
  }

  /** The console output and error log, for failure messages. */
  String logs() {
    StringBuilder out = new StringBuilder();
    for (String name : List.of("console.log", "error.log")) {
      Path file = prefix.resolve("logs").resolve(name);
      try {
        if (Files.exists(file)) {
          out.append("\n--- ").append(name).append(" ---\n").append(Files.readString(file));
        }
      } catch (IOException e) {
        out.append("\n(").append(name).append(" unreadable: ").append(e.getMessage()).append(')');
      }
    }
    return out.toString();
  }

  /** Sends SIGTERM (fast shutdown), waits a bounded time, then kills. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Replaces every {@code {{NAME}}} placeholder; fails if one is left unreplaced. */
  static String render(String template, Map<String, String> values) {
    String rendered = template;
    for (Map.Entry<String, String> value : values.entrySet()) {
      rendered = rendered.replace("{{" + value.getKey() + "}}", value.getValue());
    }
    int left = rendered.indexOf("{{");
    if (left >= 0) {
      throw new AssertionError(
          "unreplaced placeholder in nginx config: "
              + rendered.substring(left, Math.min(rendered.length(), left + 40)));
    }
    return rendered;
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(java.io.File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
