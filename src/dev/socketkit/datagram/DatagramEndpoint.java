package dev.socketkit.datagram;

import dev.socketkit.ConnectionRefusedException;
import dev.socketkit.SocketClosedException;
import dev.socketkit.TimedOutException;
import dev.socketkit.internal.Errors;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A UDP socket over IPv4 or IPv6 that sends and receives whole datagrams, with a time limit on
 * every receive and typed errors whose messages name both ends.
 *
 * <pre>{@code
 * try (DatagramEndpoint server = DatagramEndpoint.bind(new InetSocketAddress("127.0.0.1", 0));
 *     DatagramEndpoint client = DatagramEndpoint.bind(new InetSocketAddress("127.0.0.1", 0))
 *         .connect(server.localAddress())) {
 *   client.send("ping".getBytes(UTF_8));
 *   Datagram request = server.receive(Duration.ofSeconds(1));  // payload and sender
 *   server.send("pong".getBytes(UTF_8), request.sender());
 *   Datagram reply = client.receive(Duration.ofSeconds(1));
 * }
 * }</pre>
 *
 * <h2>What a receive can end with</h2>
 * <ul>
 *   <li>a {@link Datagram}, whole: UDP has no end of stream, so there is no {@code null};
 *   <li>{@link TimedOutException} ({@linkplain TimedOutException.Kind#READ READ}): nothing arrived
 *       in time; nothing was consumed and the endpoint may be used again;
 *   <li>{@link DatagramTooLongException}: a datagram over the limit arrived; it was consumed,
 *       never handed over cut short (the JDK alone truncates silently);
 *   <li>{@link ConnectionRefusedException}: on a {@linkplain #connect connected} endpoint, the
 *       peer's host answered an earlier datagram with ICMP "port unreachable" (nothing listens
 *       there), as the operating system reports it on the next call; an unconnected endpoint never
 *       learns of it;
 *   <li>{@link SocketClosedException}: this endpoint was closed, before or during the call
 *       ({@link #close()} from another thread wakes a blocked receive at once).
 * </ul>
 *
 * <h2>Sizes</h2>
 * A send refuses, with {@link DatagramTooLongException} and nothing sent, a payload over 65,507
 * bytes to an IPv4 address or over 65,527 to an IPv6 one (the 16-bit IP or UDP length less the
 * headers). A receive hands over at most {@link DatagramOptions#maxReceiveBytes()}; every receive
 * reads into a 64 KiB buffer, so the exception reports the datagram's real length.
 *
 * <h2>Threads</h2>
 * Any number of threads may send at once; receives are served one at a time. A send does not
 * wait for the peer: it blocks only while the local send buffer is full, which on UDP is brief.
 */
public final class DatagramEndpoint implements AutoCloseable {
  /** The largest UDP payload over IPv4: 65,535 less a 20-byte IP header and an 8-byte UDP header. */
  public static final int MAX_IPV4_PAYLOAD = 65_507;
  /** The largest UDP payload over IPv6 without jumbograms: 65,535 less the 8-byte UDP header. */
  public static final int MAX_IPV6_PAYLOAD = 65_527;

  private final DatagramChannel channel;
  private final DatagramOptions options;
  private final ReentrantLock receiving = new ReentrantLock();
  private volatile InetSocketAddress local;
  private volatile InetSocketAddress remote;
  private final ReceiveBuffer buffer;

  private DatagramEndpoint(DatagramChannel channel, DatagramOptions options) {
    this.channel = channel;
    this.buffer = new ReceiveBuffer(channel);
    this.options = options;
  }

  /**
   * Binds an endpoint with the {@linkplain DatagramOptions#defaults() default options}.
   *
   * @param local the address to bind: an IPv4 or IPv6 address (the wildcard for every
   *     interface) and a port, 0 for any free port
   * @return the bound endpoint; {@link #localAddress()} has the real port
   * @throws java.net.BindException if the port is in use; nothing is left open
   * @throws IOException if the socket cannot be opened or bound
   */
  public static DatagramEndpoint bind(InetSocketAddress local) throws IOException {
    return bind(local, DatagramOptions.defaults());
  }

  /**
   * Binds an endpoint.
   *
   * @param local the address to bind: an IPv4 or IPv6 address and a port, 0 for any free port
   * @param options the receive limit, buffer sizes and address reuse
   * @return the bound endpoint
   * @throws IllegalArgumentException if the address is unresolved
   * @throws java.net.BindException if the port is in use; nothing is left open
   * @throws IOException if the socket cannot be opened or bound
   */
  public static DatagramEndpoint bind(InetSocketAddress local, DatagramOptions options)
      throws IOException {
    Objects.requireNonNull(options, "options");
    InetAddress host = resolved(local, "local").getAddress();
    DatagramChannel channel = DatagramChannel.open(host instanceof Inet4Address
        ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
    try {
      options.applyTo(channel);
      try {
        channel.bind(local);
      } catch (java.net.BindException e) {
        throw Failures.bind(local, e);
      }
      DatagramEndpoint endpoint = new DatagramEndpoint(channel, options);
      endpoint.local = (InetSocketAddress) channel.getLocalAddress();
      return endpoint;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static InetSocketAddress resolved(InetSocketAddress address, String what) {
    Objects.requireNonNull(address, what);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException(what + ": " + address + " is unresolved");
    }
    return address;
  }

  /**
   * Connects this endpoint to a default peer: sends without an address go there, only that
   * peer's datagrams are received (the kernel drops the others), and an ICMP "port unreachable"
   * from it becomes a {@link ConnectionRefusedException}. Sends nothing: UDP has no handshake.
   *
   * @param peer the peer's address and port
   * @return this endpoint
   * @throws IllegalArgumentException if the address is unresolved
   * @throws SocketClosedException if this endpoint is closed
   * @throws IOException if the peer cannot be reached from this endpoint's family
   */
  public DatagramEndpoint connect(InetSocketAddress peer) throws IOException {
    resolved(peer, "peer");
    try {
      channel.connect(peer);
    } catch (IOException e) {
      throw Errors.translate("connect", Errors.ends(local, peer), e);
    }
    remote = peer;
    local = (InetSocketAddress) channel.getLocalAddress();
    return this;
  }

  /**
   * Returns the bound address, with the real port when 0 was asked for; after {@link #connect}
   * the address the operating system chose to reach the peer. Still answers after close.
   *
   * @return the local address
   */
  public InetSocketAddress localAddress() {
    return local;
  }

  /**
   * Returns the default peer set by {@link #connect}, or {@code null} if not connected.
   *
   * @return the peer or {@code null}
   */
  public InetSocketAddress remoteAddress() {
    return remote;
  }

  /**
   * Returns the options this endpoint was bound with.
   *
   * @return the options
   */
  public DatagramOptions options() {
    return options;
  }

  /**
   * Sends one datagram to the {@linkplain #connect connected} peer.
   *
   * @param payload the whole datagram, at least one byte (see {@link #send(ByteBuffer,
   *     InetSocketAddress)})
   * @throws IllegalStateException if this endpoint is not connected
   * @throws IllegalArgumentException if the payload is empty
   * @throws DatagramTooLongException if over the protocol's maximum; nothing was sent
   * @throws ConnectionRefusedException if an earlier datagram drew ICMP "port unreachable"
   * @throws SocketClosedException if this endpoint is closed
   * @throws IOException if the send fails otherwise
   */
  public void send(byte[] payload) throws IOException {
    InetSocketAddress peer = remote;
    if (peer == null) {
      throw new IllegalStateException("send from " + Errors.format(local)
          + ": not connected; pass the destination address or call connect first");
    }
    send(ByteBuffer.wrap(payload), peer);
  }

  /**
   * Sends one datagram to {@code to}.
   *
   * @param payload the whole datagram; empty only from an unconnected endpoint
   * @param to the destination; on a connected endpoint it must be the peer
   * @throws IllegalArgumentException if {@code to} is unresolved, or not the connected peer, or
   *     the payload is empty on a connected endpoint
   * @throws DatagramTooLongException if over the protocol's maximum; nothing was sent
   * @throws ConnectionRefusedException on a connected endpoint, if an earlier datagram drew ICMP
   *     "port unreachable"
   * @throws SocketClosedException if this endpoint is closed
   * @throws IOException if the send fails otherwise
   */
  public void send(byte[] payload, InetSocketAddress to) throws IOException {
    send(ByteBuffer.wrap(payload), to);
  }

  /**
   * Sends the remaining bytes of {@code payload} as one datagram to {@code to}, advancing its
   * position past them. An empty datagram can be sent from an unconnected endpoint only: on a
   * connected one the JDK's {@code DatagramChannel} silently sends nothing, so it is refused.
   *
   * @param payload the datagram's bytes, from position to limit
   * @param to the destination; on a connected endpoint it must be the peer
   * @throws IllegalArgumentException if {@code to} is unresolved, or not the connected peer, or
   *     the payload is empty on a connected endpoint
   * @throws DatagramTooLongException if over the protocol's maximum; nothing was sent
   * @throws ConnectionRefusedException on a connected endpoint, if an earlier datagram drew ICMP
   *     "port unreachable"
   * @throws SocketClosedException if this endpoint is closed
   * @throws IOException if the send fails otherwise
   */
  public void send(ByteBuffer payload, InetSocketAddress to) throws IOException {
    resolved(to, "to");
    InetSocketAddress peer = remote;
    if (peer != null && !peer.equals(to)) {
      throw new IllegalArgumentException("send " + Errors.ends(local, to) + ": this endpoint is "
          + "connected to " + Errors.format(peer) + " and sends only there");
    }
    if (peer != null && !payload.hasRemaining()) {
      throw new IllegalArgumentException("send " + Errors.ends(local, to) + ": an empty datagram "
          + "cannot be sent on a connected endpoint (the JDK's DatagramChannel writes nothing for "
          + "an empty buffer); send at least one byte, or send from an unconnected endpoint");
    }
    int max = to.getAddress() instanceof Inet4Address ? MAX_IPV4_PAYLOAD : MAX_IPV6_PAYLOAD;
    if (payload.remaining() > max) {
      throw new DatagramTooLongException("send " + Errors.ends(local, to) + ": payload of "
          + payload.remaining() + " bytes is over the " + (max == MAX_IPV4_PAYLOAD ? "IPv4" : "IPv6")
          + " maximum of " + max + " bytes; nothing sent", max, payload.remaining(), to);
    }
    try {
      channel.send(payload, to);
    } catch (IOException e) {
      throw failure("send", to, e);
    }
  }

  /**
   * Waits up to {@code timeout} for the next datagram and returns it whole with its sender; see
   * the class comment for every way it can end.
   *
   * @param timeout how long to wait; zero waits without limit
   * @return the datagram
   * @throws TimedOutException if none arrived in time; nothing was consumed
   * @throws DatagramTooLongException if the next datagram is over {@link
   *     DatagramOptions#maxReceiveBytes()}; it was consumed
   * @throws ConnectionRefusedException on a connected endpoint, after ICMP "port unreachable"
   * @throws SocketClosedException if this endpoint is closed, before or during the wait
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws IOException if the receive fails otherwise
   */
  public Datagram receive(Duration timeout) throws IOException {
    receiving.lock();
    try {
      InetSocketAddress from = receiveIntoBuffer(timeout, options.maxReceiveBytes());
      return new Datagram(buffer.copy(), from);
    } finally {
      receiving.unlock();
    }
  }

  /**
   * Waits up to {@code timeout} for the next datagram and copies it into {@code into}, whose
   * remaining space is the limit; returns the sender. Allocates nothing per datagram.
   *
   * @param into where the payload goes, from its position; the position advances past it
   * @param timeout how long to wait; zero waits without limit
   * @return the sender
   * @throws TimedOutException if none arrived in time; nothing was consumed
   * @throws DatagramTooLongException if the next datagram is longer than {@code
   *     into.remaining()}; it was consumed and {@code into} is unchanged
   * @throws ConnectionRefusedException on a connected endpoint, after ICMP "port unreachable"
   * @throws SocketClosedException if this endpoint is closed, before or during the wait
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws IOException if the receive fails otherwise
   */
  public InetSocketAddress receive(ByteBuffer into, Duration timeout) throws IOException {
    receiving.lock();
    try {
      InetSocketAddress from = receiveIntoBuffer(timeout, into.remaining());
      buffer.copyTo(into);
      return from;
    } finally {
      receiving.unlock();
    }
  }

  /** Receives the next datagram whole into {@link #buffer}; holds {@link #receiving}. */
  private InetSocketAddress receiveIntoBuffer(Duration timeout, int limit) throws IOException {
    long millis = Failures.millis(timeout);
    InetSocketAddress from;
    try {
      from = buffer.receive(millis);
    } catch (SocketTimeoutException e) {
      TimedOutException t = new TimedOutException("receive " + where(remote) + ": no datagram for "
          + timeout, TimedOutException.Kind.READ, timeout);
      t.initCause(e);
      throw t;
    } catch (IOException e) {
      throw failure("receive", remote, e);
    }
    int length = buffer.length();
    if (length > limit) {
      throw new DatagramTooLongException("receive " + Errors.ends(local, from) + ": datagram of "
          + length + " bytes is over the limit of " + limit + " bytes; discarded", limit, length, from);
    }
    return from;
  }




  private String where(InetSocketAddress peer) {
    return Failures.where(local, peer);
  }

  private IOException failure(String op, InetSocketAddress peer, IOException e) {
    return Failures.typed(op, where(peer), channel.isOpen(), e);
  }

  /**
   * Joins the multicast group {@code group} on interface {@code nif}, so datagrams sent to the
   * group and this endpoint's port are received here, until the returned membership is closed.
   * The endpoint must be bound to the wildcard address (or the group) of the group's family.
   *
   * @param group an IPv4 or IPv6 multicast address
   * @param nif the interface to join on, such as the loopback interface
   * @return the membership; {@link Membership#close()} leaves the group
   * @throws IllegalArgumentException if {@code group} is not a multicast address
   * @throws SocketClosedException if this endpoint is closed
   * @throws IOException if the interface cannot join (no multicast, wrong family)
   */
  public Membership join(InetAddress group, NetworkInterface nif) throws IOException {
    try {
      return Membership.join(channel, group, nif);
    } catch (IOException e) {
      throw failure("join " + group.getHostAddress() + " on " + nif.getName() + " from", null, e);
    }
  }


  /**
   * Sets a socket option, such as {@link StandardSocketOptions#IP_MULTICAST_IF}, {@link
   * StandardSocketOptions#IP_MULTICAST_LOOP}, {@link StandardSocketOptions#IP_MULTICAST_TTL} or
   * {@link StandardSocketOptions#SO_BROADCAST}.
   *
   * @param <T> the option's type
   * @param option the option
   * @param value its value
   * @return this endpoint
   * @throws UnsupportedOperationException if the socket does not support the option
   * @throws SocketClosedException if this endpoint is closed
   * @throws IOException if the option cannot be set
   */
  public <T> DatagramEndpoint setOption(SocketOption<T> option, T value) throws IOException {
    try {
      channel.setOption(option, value);
    } catch (IOException e) {
      throw failure("set " + option.name() + " on", remote, e);
    }
    return this;
  }

  /**
   * Returns a socket option's value.
   *
   * @param <T> the option's type
   * @param option the option
   * @return its value
   * @throws UnsupportedOperationException if the socket does not support the option
   * @throws SocketClosedException if this endpoint is closed
   * @throws IOException if the option cannot be read
   */
  public <T> T getOption(SocketOption<T> option) throws IOException {
    try {
      return channel.getOption(option);
    } catch (IOException e) {
      throw failure("get " + option.name() + " on", remote, e);
    }
  }

  /**
   * Returns whether this endpoint is open.
   *
   * @return {@code false} once closed
   */
  public boolean isOpen() {
    return channel.isOpen();
  }

  /**
   * Closes the socket; a thread blocked in {@link #receive(Duration)} wakes at once with {@link
   * SocketClosedException}, and multicast memberships end. Calling it again does nothing.
   *
   * @throws IOException if closing the socket fails
   */
  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return "DatagramEndpoint{" + where(remote) + (isOpen() ? "" : ", closed") + "}";
  }
}
