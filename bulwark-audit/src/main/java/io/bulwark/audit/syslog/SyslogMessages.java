package io.bulwark.audit.syslog;

import io.bulwark.audit.sink.SinkRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Formats records as RFC 5424 syslog messages in octet-counting frames (RFC 6587 section 3.4.1):
 * {@code <len> <PRI>1 TIMESTAMP HOSTNAME APP-NAME - MSGID - MSG}, where PRI is facility 13 (log
 * audit) with severity informational for events and notice for checkpoints, MSGID is {@code event}
 * or {@code checkpoint}, there is no structured data (an SD-ID of our own would need a registered
 * enterprise number), and MSG is the record's JSON line.
 */
final class SyslogMessages {

  private static final int FACILITY_LOG_AUDIT = 13;
  private static final int SEVERITY_NOTICE = 5;
  private static final int SEVERITY_INFO = 6;

  private SyslogMessages() {}

  /** The framed message for {@code record}, sent at {@code now}. */
  static byte[] frame(SinkRecord record, Instant now, String hostname, String appName) {
    boolean checkpoint = record.isCheckpoint();
    int pri = FACILITY_LOG_AUDIT * 8 + (checkpoint ? SEVERITY_NOTICE : SEVERITY_INFO);
    String message =
        "<"
            + pri
            + ">1 "
            + now.truncatedTo(ChronoUnit.MILLIS)
            + " "
            + hostname
            + " "
            + appName
            + " - "
            + (checkpoint ? "checkpoint" : "event")
            + " - "
            + record.line();
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    byte[] prefix = (bytes.length + " ").getBytes(StandardCharsets.US_ASCII);
    byte[] frame = new byte[prefix.length + bytes.length];
    System.arraycopy(prefix, 0, frame, 0, prefix.length);
    System.arraycopy(bytes, 0, frame, prefix.length, bytes.length);
    return frame;
  }

  /** {@code value} as a header field: printable US-ASCII without spaces, at most {@code max}. */
  static String field(String value, int max) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length() && out.length() < max; i++) {
      char c = value.charAt(i);
      out.append(c > 32 && c < 127 ? c : '_');
    }
    return out.isEmpty() ? "-" : out.toString();
  }

  static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "-";
    }
  }
}
