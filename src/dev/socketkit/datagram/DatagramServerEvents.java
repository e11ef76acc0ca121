package dev.socketkit.datagram;

import java.net.InetSocketAddress;

/**
 * Callbacks on what a {@link DatagramServer} does with each datagram, for metrics and audit logs;
 * every method does nothing by default.
 *
 * <p>Methods are called on the server's threads, concurrently, and must return quickly. An
 * exception thrown by a callback is logged and otherwise ignored: it never stops the server.
 */
public interface DatagramServerEvents {
  /** Events that are ignored. */
  DatagramServerEvents NONE = new DatagramServerEvents() {};

  /**
   * Called after the handler returned normally.
   *
   * @param datagram the datagram handled
   * @param replies how many replies the handler sent
   */
  default void handled(Datagram datagram, int replies) {}

  /**
   * Called after the handler threw, including a handler cut off at the end of a shutdown.
   *
   * @param datagram the datagram being handled
   * @param error what the handler threw
   */
  default void failed(Datagram datagram, Throwable error) {}

  /**
   * Called when a received datagram was not handed to the handler.
   *
   * @param sender where it came from
   * @param length its length in bytes
   * @param reason why
   */
  default void dropped(InetSocketAddress sender, int length, DropReason reason) {}
}
