package io.bulwark.audit.file;

import io.bulwark.audit.TestEvents;
import io.bulwark.audit.chain.AuditKeys;
import io.bulwark.audit.chain.AuditSigningKey;
import io.bulwark.core.audit.AuditEvent;
import io.bulwark.core.config.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The writer process of {@link ChainedFileAuditLogCrashTest}: appends events from several threads
 * with fsync always until killed, printing each event's id once its append has returned.
 *
 * <p>Arguments: audit directory, private key file.
 */
public final class CrashWriterMain {

  private CrashWriterMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    AuditSigningKey key = AuditKeys.load(Path.of(args[1]));
    ChainedFileOptions options =
        ChainedFileOptions.defaults()
            .withFsync(FsyncPolicy.valueOf(args[2]))
            .withMaxFileBytes(32 * 1024)
            .withCheckpoints(50, Duration.ofSeconds(1));
    ChainedFileAuditLog log = ChainedFileAuditLog.open(dir, key, options);
    for (int t = 0; t < 4; t++) {
      String principal = "writer" + t;
      Thread thread =
          new Thread(() -> {
            for (int i = 0; ; i++) {
              AuditEvent event = TestEvents.loginFailed(principal, i);
              log.append(event);
              System.out.println(event.id());
            }
          });
      thread.start();
    }
    Thread.currentThread().join();
  }
}
