package io.bulwark.cli.up;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** {@code bulwark} run as a real child JVM on the test class path; its output read line by line. */
final class ChildProcess implements AutoCloseable {
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final List<String> seen = new ArrayList<>();

  private final Thread reader;

  private ChildProcess(Process process) {
    this.process = process;
    this.reader =
        Thread.ofPlatform()
            .daemon()
            .start(() -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("<output closed: " + e.getMessage() + ">");
              }
            });
  }

  static ChildProcess start(Path workDir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.bulwark.cli.Main");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    builder.redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("BULWARK_"));
    return new ChildProcess(builder.start());
  }

  /** Waits for the next output line matching {@code wanted} and returns it. */
  String awaitLine(Predicate<String> wanted) throws InterruptedException {
    while (true) {
      String line = lines.poll(30, TimeUnit.SECONDS);
      if (line == null) {
        throw new AssertionError("no matching line within 30 s; output so far:\n" + output());
      }
      seen.add(line);
      if (wanted.test(line)) {
        return line;
      }
    }
  }

  /** Every line read so far by {@link #awaitLine}, and what is queued. */
  String output() {
    List<String> all = new ArrayList<>(seen);
    all.addAll(lines);
    return String.join("\n", all);
  }

  /**
   * Sends SIGTERM with {@code kill} (not {@link Process#destroy}, which closes the output before it
   * is read), waits for the exit and for the rest of the output, and returns the exit code.
   */
  int terminate() throws InterruptedException, IOException {
    new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("did not stop within 30 s of SIGTERM");
    }
    reader.join(10_000);
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
