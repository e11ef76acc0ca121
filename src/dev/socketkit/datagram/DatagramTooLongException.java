package dev.socketkit.datagram;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Thrown when a datagram is longer than a limit: on receive, one over the endpoint's {@linkplain
 * DatagramOptions#maxReceiveBytes() receive limit} (or the caller's buffer), which was consumed
 * and discarded, never handed over cut short; on send, a payload over the protocol's maximum
 * (65,507 bytes over IPv4, 65,527 over IPv6) or the endpoint's limit, which was not sent.
 *
 * <p>The endpoint stays usable: the next receive gets the next datagram.
 */
public class DatagramTooLongException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The limit that was exceeded, in bytes. */
  private final int limit;
  /** The datagram's length in bytes. */
  private final int length;
  /** The other end: the sender on receive, the destination on send. */
  private final transient InetSocketAddress peer;

  /**
   * Creates the exception.
   *
   * @param message the message, naming the operation and both ends
   * @param limit the limit in bytes
   * @param length the datagram's length in bytes
   * @param peer the other end: the sender on receive, the destination on send
   */
  public DatagramTooLongException(String message, int limit, int length, InetSocketAddress peer) {
    super(message);
    this.limit = limit;
    this.length = length;
    this.peer = peer;
  }

  /**
   * Returns the other end: the address the datagram came from on receive, or was meant for on
   * send.
   *
   * @return the peer's address
   */
  public InetSocketAddress peer() {
    return peer;
  }

  /**
   * Returns the limit that was exceeded.
   *
   * @return the limit in bytes
   */
  public int limit() {
    return limit;
  }

  /**
   * Returns the length of the datagram that was refused.
   *
   * @return the length in bytes, greater than {@link #limit()}
   */
  public int length() {
    return length;
  }
}
