package dev.socketkit.datagram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Sends a {@link DatagramHandler}'s replies to the sender of the datagram being handled, from the
 * server's own socket (so the client sees them come from the address it sent to). Each call is
 * one datagram; a handler may send none, one or several.
 */
public interface Replies {
  /**
   * Returns where the replies go: the sender of the datagram being handled.
   *
   * @return the address
   */
  InetSocketAddress to();

  /**
   * Sends one reply datagram.
   *
   * @param payload the whole reply, which may be empty
   * @throws DatagramTooLongException if over the protocol's maximum; nothing was sent
   * @throws dev.socketkit.SocketClosedException if the server's socket was closed (a shutdown
   *     cut the handler off)
   * @throws IOException if the send fails otherwise
   */
  void send(byte[] payload) throws IOException;

  /**
   * Sends the remaining bytes of {@code payload} as one reply datagram.
   *
   * @param payload the reply's bytes, from position to limit; the position advances past them
   * @throws DatagramTooLongException if over the protocol's maximum; nothing was sent
   * @throws dev.socketkit.SocketClosedException if the server's socket was closed
   * @throws IOException if the send fails otherwise
   */
  void send(ByteBuffer payload) throws IOException;
}
