package io.bulwark.cli.up;

import io.bulwark.core.config.BulwarkConfig;
import io.bulwark.core.config.ConfigException;
import io.bulwark.core.log.Logging;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

/**
 * The life of a long-running command ({@code up}, {@code serve}): load and validate the
 * configuration (every error printed, exit 2), configure logging, start the roles, print what is
 * ready, and on SIGTERM or Ctrl-C stop them cleanly and exit 0. A busy port exits 2 with one line
 * naming the port and its option.
 */
final class RoleProcess {
  /** What a command started; closed in reverse order of start. */
  interface Running extends AutoCloseable {
    /** Prints the ready banner. */
    void printReady(PrintWriter out, long readyMillis);

    @Override
    void close();
  }

  /** Starts the command's roles from a loaded configuration. */
  @FunctionalInterface
  interface Starter {
    Running start(BulwarkConfig config, ConfigSource source);
  }

  private RoleProcess() {}

  /** Runs until a stop signal; returns the exit code. */
  static int run(CommandSpec spec, ConfigSource source, Starter starter)
      throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BulwarkConfig config;
    try {
      config = source.load();
    } catch (ConfigException e) {
      e.errors().forEach(error -> err.println("bulwark: " + error));
      return UpCommand.EXIT_USAGE;
    }
    Logging.configure(config.log().format(), config.log().level());

    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    Signal.handle(new Signal("INT"), signal -> stop.countDown());

    Running running;
    try {
      running = starter.start(config, source);
    } catch (BusyPortException e) {
      err.println("bulwark: " + e.getMessage());
      err.flush();
      return UpCommand.EXIT_USAGE;
    } catch (PolicyRole.BrokenPoliciesException | AuditRole.BrokenRulesException e) {
      err.println("bulwark: " + e.getMessage());
      err.flush();
      return 1;
    }
    try (running) {
      long readyMillis =
          System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
      running.printReady(out, readyMillis);
      out.flush();
      stop.await();
      out.println("bulwark: stopping");
      out.flush();
    }
    return 0;
  }
}
