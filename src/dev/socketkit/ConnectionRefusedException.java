package dev.socketkit;

import java.net.ConnectException;

/**
 * Thrown by a connect when nothing accepts connections at the remote address: the TCP port is
 * closed (the peer answered with a reset), or no listener is bound to the Unix-domain socket path.
 *
 * <p>It is a {@link ConnectException}, so existing handlers of the JDK type keep working. A busy
 * server may refuse for a moment; retrying with back-off is usually right.
 */
public class ConnectionRefusedException extends ConnectException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the message, naming the operation and the remote address
   */
  public ConnectionRefusedException(String message) {
    super(message);
  }
}
