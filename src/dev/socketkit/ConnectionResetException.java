package dev.socketkit;

import java.net.SocketException;

/**
 * Thrown when the peer aborted the connection: a TCP reset arrived, or a write found that the
 * peer had already gone away (a broken pipe).
 *
 * <p>Unlike an end of stream, a reset may discard data that was sent but not yet read. The
 * connection cannot be used again; close it.
 */
public class ConnectionResetException extends SocketException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the message, naming the operation and both ends
   */
  public ConnectionResetException(String message) {
    super(message);
  }
}
