package dev.socketkit.server;

import java.net.SocketAddress;
import java.time.Instant;

/**
 * A read-only view of one session: a connection being served by the session handler.
 *
 * <p>Handed to {@link ServerEvents} and listed by {@link Server#liveSessions()}. The byte counts
 * go on changing while the session runs and stay fixed once it has ended.
 */
public interface SessionInfo {

  /**
   * Returns the session id: the server name, a dash and a sequence number, such as {@code
   * echo-17}; the same id is in the SLF4J MDC under {@link Server#MDC_SESSION_KEY} while the
   * handler runs.
   *
   * @return the id
   */
  String id();

  /**
   * Returns the client's address.
   *
   * @return the remote address
   */
  SocketAddress remoteAddress();

  /**
   * Returns the server's end of the connection.
   *
   * @return the local address
   */
  SocketAddress localAddress();

  /**
   * Returns when the session started, on the system clock.
   *
   * @return the start instant
   */
  Instant startedAt();

  /**
   * Returns how many bytes have arrived from the client so far, as {@link
   * dev.socketkit.Connection#bytesRead()} counts them (including bytes buffered but not yet read
   * by the handler).
   *
   * @return the byte count
   */
  long bytesIn();

  /**
   * Returns how many bytes have been sent to the client so far, as {@link
   * dev.socketkit.Connection#bytesWritten()} counts them (bytes still in the output buffer are not
   * counted).
   *
   * @return the byte count
   */
  long bytesOut();
}
