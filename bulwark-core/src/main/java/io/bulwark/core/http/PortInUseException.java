package io.bulwark.core.http;

/** Thrown by {@link HttpServer#start()} when another socket already holds the address. */
public final class PortInUseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String host;
  private final int port;

  public PortInUseException(String host, int port, Throwable cause) {
    super("port " + port + " on " + host + " is already in use", cause);
    this.host = host;
    this.port = port;
  }

  /** The host the server tried to bind. */
  public String host() {
    return host;
  }

  /** The port the server tried to bind. */
  public int port() {
    return port;
  }
}
