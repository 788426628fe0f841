package io.bulwark.audit.syslog;

import io.bulwark.audit.sink.AuditSink;
import io.bulwark.audit.sink.SinkRecord;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Sends chained records to a syslog collector as RFC 5424 messages over one TCP connection with
 * octet-counting framing (<a href="https://www.rfc-editor.org/rfc/rfc6587">RFC 6587</a>),
 * optionally over TLS (<a href="https://www.rfc-editor.org/rfc/rfc5425">RFC 5425</a>, with host
 * name verification). A failed write drops the connection; the batch is sent again on a new one, so
 * a collector may see a record twice (deduplicate by {@code seq}). Syslog has no acknowledgements:
 * a batch counts as delivered once the socket accepted it.
 */
public final class SyslogAuditSink implements AuditSink {

  private final SyslogConfig config;
  private final Clock clock;
  private Socket socket;
  private OutputStream out;

  /** A sink sending where {@code config} says; connects on the first write. */
  public SyslogAuditSink(SyslogConfig config) {
    this(config, Clock.systemUTC());
  }

  SyslogAuditSink(SyslogConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "syslog";
  }

  @Override
  public synchronized void write(List<SinkRecord> records) throws IOException {
    try {
      if (socket == null) {
        connect();
      }
      for (SinkRecord record : records) {
        out.write(
            SyslogMessages.frame(record, clock.instant(), config.hostname(), config.appName()));
      }
      out.flush();
    } catch (IOException e) {
      disconnect();
      throw e;
    }
  }

  private void connect() throws IOException {
    Socket plain = new Socket();
    try {
      int timeout = (int) config.connectTimeout().toMillis();
      plain.connect(new InetSocketAddress(config.host(), config.port()), timeout);
      plain.setKeepAlive(true);
      Socket connected = plain;
      if (config.tls() != null) {
        SSLSocket tls =
            (SSLSocket)
                config
                    .tls()
                    .getSocketFactory()
                    .createSocket(plain, config.host(), config.port(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        tls.setSSLParameters(parameters);
        tls.setSoTimeout(timeout);
        tls.startHandshake();
        tls.setSoTimeout(0);
        connected = tls;
      }
      socket = connected;
      out = new BufferedOutputStream(connected.getOutputStream(), 64 * 1024);
    } catch (IOException e) {
      plain.close();
      throw e;
    }
  }

  private void disconnect() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already failing; the next write reconnects
      }
      socket = null;
      out = null;
    }
  }

  @Override
  public synchronized void close() {
    disconnect();
  }
}
