package dev.socketkit.jmh.datagram;

import java.net.InetSocketAddress;

/**
 * The datagram benchmark's protocol, spoken by every datagram server in this suite. The first
 * byte of each datagram says what it is; the rest is filler of the payload size.
 *
 * <ul>
 *   <li>{@link #ECHO} {@code 'E'}: the server sends the datagram back unchanged.
 *   <li>{@link #COUNT} {@code 'C'}: the server counts it and sends nothing.
 *   <li>{@link #SYNC} {@code 'S'}: the server replies with 8 bytes, big-endian, the number of
 *       {@code 'C'} datagrams counted so far (a barrier for the one-way benchmark's batches).
 * </ul>
 */
public final class DatagramWire {
  /** Echo me. */
  public static final byte ECHO = 'E';
  /** Count me. */
  public static final byte COUNT = 'C';
  /** Reply with the count. */
  public static final byte SYNC = 'S';
  /** The servers' {@code SO_RCVBUF}: room for bursts, the same for every peer. */
  public static final int RECEIVE_BUFFER = 4 << 20;

  private DatagramWire() {}

  /** A running datagram server of the suite. */
  public interface Peer extends AutoCloseable {
    /**
     * Returns where it receives.
     *
     * @return the bound address
     */
    InetSocketAddress address();

    /**
     * Returns how many {@link #COUNT} datagrams it has counted.
     *
     * @return the count
     */
    long counted();

    /** Stops the server, freeing its socket and threads. */
    @Override
    void close();
  }
}
