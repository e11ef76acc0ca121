package dev.socketkit;

import java.net.SocketException;

/**
 * Thrown when a call is made on, or was blocked in, a connection or listener that this side
 * closed.
 *
 * <p>This is how a blocked {@code accept()} or {@code read()} learns that another thread closed
 * the socket, so code tells a local close from a failure by type, never by message. The peer
 * closing its side is not this exception: it is an end of stream.
 */
public class SocketClosedException extends SocketException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the message, naming the operation and the socket
   */
  public SocketClosedException(String message) {
    super(message);
  }
}
