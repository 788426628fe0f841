package io.bulwark.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the shaded {@code bulwark} jar as a child process, the way a user runs it. */
final class BulwarkProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_CAPTURED_CHARS = 64 * 1024;

  private final Process process;
  private final StringBuffer stdout = new StringBuffer();
  private final StringBuffer stderr = new StringBuffer();

  private BulwarkProcess(Process process) {
    this.process = process;
    pump(process.getInputStream(), stdout);
    pump(process.getErrorStream(), stderr);
  }

  static Path jar() {
    String jar = System.getProperty("bulwark.jar");
    if (jar == null) {
      throw new IllegalStateException("system property bulwark.jar is not set (run through Maven)");
    }
    return Path.of(jar);
  }

  static BulwarkProcess start(Path workDir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    if (Runtime.version().feature() >= 23) {
      // As the ./bulwark launcher does: protobuf (used by CEL) touches sun.misc.Unsafe, which
      // JDK 23+ reports on stderr; JDK 21 has no such option.
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("BULWARK_"));
    return new BulwarkProcess(builder.start());
  }

  /** Runs a short command to completion and returns its stdout; fails on a non-zero exit. */
  static String run(Path workDir, String... args) throws Exception {
    try (BulwarkProcess p = start(workDir, args)) {
      int code = p.waitForExit(Duration.ofSeconds(60));
      if (code != 0) {
        throw new AssertionError(
            "bulwark " + String.join(" ", args) + " exited " + code + ": " + p.stderr());
      }
      return p.stdout().strip();
    }
  }

  /** The banner's last line: {@code up} prints it just after it reports ready. */
  private static final String BANNER_END = "Stop with Ctrl-C.";

  /** Waits until {@code readyUri} answers 200 and the banner has been printed. */
  void awaitReady(URI readyUri) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "bulwark exited with " + process.exitValue() + " before ready: " + stderr());
      }
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(readyUri).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && stdout().contains(BANNER_END)) {
          return;
        }
      } catch (IOException notYet) {
        // listener not bound yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("bulwark not ready within " + READY_TIMEOUT + ": " + stderr());
  }

  /** Sends SIGTERM (Process.destroy on Unix) and waits for the exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    return waitForExit(Duration.ofSeconds(30));
  }

  int waitForExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("bulwark did not exit within " + timeout + ": " + stderr());
    }
    return process.exitValue();
  }

  String stdout() {
    return stdout.toString();
  }

  String stderr() {
    return stderr.toString();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private static void pump(InputStream in, StringBuffer sink) {
    Thread.ofVirtual()
        .start(() -> {
          byte[] buffer = new byte[4096];
          try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
              if (sink.length() < MAX_CAPTURED_CHARS) {
                sink.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
              }
            }
          } catch (IOException closed) {
            // process ended
          }
        });
  }
}
