package dev.socketkit;

import dev.socketkit.internal.ChannelConnection;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import jdk.net.UnixDomainPrincipal;

/**
 * A connected stream socket: TCP over IPv4 or IPv6, or a Unix-domain stream socket, with buffered
 * input and output, exact reads, and a time limit on every call that can block.
 *
 * <p>Code written against this type does not care about the transport. Open one with {@link
 * #connect(SocketAddress, Duration)} or {@link Listener#accept()}:
 *
 * <pre>{@code
 * try (Connection c = Connection.connect(new InetSocketAddress("127.0.0.1", 7), Duration.ofSeconds(2))) {
 *   c.setReadTimeout(Duration.ofSeconds(5));
 *   c.output().write("ping\n".getBytes(StandardCharsets.US_ASCII)).flush();
 *   byte[] reply = c.input().readFully(5); // exactly 5 bytes, or EndOfStreamException
 * }
 * }</pre>
 *
 * <h2>Reading and writing</h2>
 * {@link #input()} is a {@link BufferedInput}: its {@code readFully}, {@code require} and {@code
 * readInt} wait for every byte they need, so partial reads never reach the caller; an end of
 * stream in the middle throws {@link EndOfStreamException} that says how many bytes arrived.
 * {@link #output()} is a {@link BufferedOutput}: bytes leave when the buffer fills or on {@link
 * BufferedOutput#flush()}.
 *
 * <h2>Time limits</h2>
 * A read waits at most the {@linkplain #setReadTimeout read time-out} for a byte; a write waits at
 * most the {@linkplain #setWriteTimeout write time-out} for the peer to accept a byte; and every
 * read and write fails once the {@linkplain #setDeadline deadline} has passed, so a peer trickling
 * one byte a second cannot hold a connection forever. Expiry throws {@link TimedOutException}
 * naming the limit. All three work on every transport. Zero means no limit; there is none by
 * default unless the {@link ConnectionOptions} say otherwise. A connection without any limit
 * reads and writes with one blocking system call each; the first limit set switches it for good
 * to waiting in a selector, and that switch waits for a read or write already blocked without a
 * limit in another thread, so set limits before sharing the connection.
 *
 * <h2>Errors</h2>
 * Failures are {@link IOException} subclasses told apart by type: {@link
 * ConnectionRefusedException}, {@link ConnectionResetException}, {@link EndOfStreamException},
 * {@link TimedOutException}, and {@link SocketClosedException} after a local {@link #close()}.
 * Messages name the operation and both ends, e.g. {@code read
 * 127.0.0.1:5555->127.0.0.1:40312: connection reset}.
 *
 * <h2>Threads</h2>
 * One thread may read while another writes; two threads must not read at once, nor two write at
 * once. {@link #close()}, {@link #shutdownInput()}, {@link #shutdownOutput()} and the time-limit
 * setters may be called from any thread; {@code close()} wakes a blocked reader or writer, which
 * then throws {@link SocketClosedException}.
 *
 * <p>Implementations beyond the ones this library returns (TLS, a PROXY-protocol wrapper, an
 * in-memory pair for tests) keep the same contract.
 */
public interface Connection extends Closeable {

  /**
   * Connects to {@code remote} with the default options and the given connect time-out.
   *
   * @param remote an {@link java.net.InetSocketAddress} for TCP or a {@link
   *     java.net.UnixDomainSocketAddress}; an unresolved host name is resolved first
   * @param connectTimeout how long connecting may take; zero means no limit beyond the operating
   *     system's
   * @return the open connection
   * @throws ConnectionRefusedException if nothing listens at {@code remote}
   * @throws TimedOutException if the connect time-out expires ({@link TimedOutException.Kind#CONNECT})
   * @throws IOException if connecting fails otherwise
   */
  static Connection connect(SocketAddress remote, Duration connectTimeout) throws IOException {
    return connect(remote, ConnectionOptions.builder().connectTimeout(connectTimeout).build());
  }

  /**
   * Connects to {@code remote} with the given options.
   *
   * <p>A Unix-domain listener whose backlog is full makes the kernel refuse to wait
   * ({@code EAGAIN}); the connect then retries with back-off from 1 ms to 50 ms until the connect
   * time-out, as a TCP connect would wait for the listener's queue to drain.
   *
   * @param remote an {@link java.net.InetSocketAddress} for TCP or a {@link
   *     java.net.UnixDomainSocketAddress}; an unresolved host name is resolved first
   * @param options the connect time-out, time limits, buffer size and socket options
   * @return the open connection
   * @throws ConnectionRefusedException if nothing listens at {@code remote}
   * @throws TimedOutException if the connect time-out expires ({@link TimedOutException.Kind#CONNECT})
   * @throws UnsupportedOperationException if a socket option is not supported by the transport
   * @throws IOException if connecting fails otherwise
   */
  static Connection connect(SocketAddress remote, ConnectionOptions options) throws IOException {
    return ChannelConnection.connect(remote, options);
  }

  /**
   * Returns the buffered input of this connection; at end of stream its reads return {@code -1}
   * or throw {@link EndOfStreamException} as each method documents.
   *
   * @return the input, the same object on every call
   */
  BufferedInput input();

  /**
   * Returns the buffered output of this connection; bytes are sent when its buffer fills or on
   * {@link BufferedOutput#flush()}.
   *
   * @return the output, the same object on every call
   */
  BufferedOutput output();

  /**
   * Returns the local end: an {@link java.net.InetSocketAddress} (address and port) for TCP, a
   * {@link java.net.UnixDomainSocketAddress} for Unix-domain sockets (its path may be empty for
   * an unbound client). Still answers after close.
   *
   * @return the local address
   */
  SocketAddress localAddress();

  /**
   * Returns the remote end: an {@link java.net.InetSocketAddress} for TCP, a {@link
   * java.net.UnixDomainSocketAddress} for Unix-domain sockets. A connection accepted behind a
   * proxy may report the client's address as the proxy announced it. Still answers after close.
   *
   * @return the remote address
   */
  SocketAddress remoteAddress();

  /**
   * Returns the user and group of the peer process, for Unix-domain sockets on platforms where the
   * JDK provides them ({@code SO_PEERCRED}); empty for TCP and elsewhere.
   *
   * @return the peer's credentials, if known
   */
  Optional<UnixDomainPrincipal> peerCredentials();

  /**
   * Returns the value of a socket option.
   *
   * @param <T> the option's value type
   * @param option the option, such as {@link java.net.StandardSocketOptions#TCP_NODELAY}
   * @return its value
   * @throws UnsupportedOperationException if the transport does not support the option
   * @throws SocketClosedException if the connection is closed
   * @throws IOException if reading the option fails
   */
  <T> T getOption(SocketOption<T> option) throws IOException;

  /**
   * Sets a socket option, such as {@code SO_KEEPALIVE}, {@code SO_RCVBUF}, {@code SO_SNDBUF},
   * {@code SO_LINGER} (0 makes {@link #close()} abortive: the peer sees a reset) or the keep-alive
   * tuning options of {@link jdk.net.ExtendedSocketOptions}.
   *
   * @param <T> the option's value type
   * @param option the option
   * @param value its value
   * @return this connection
   * @throws UnsupportedOperationException if the transport does not support the option
   * @throws SocketClosedException if the connection is closed
   * @throws IOException if setting the option fails
   */
  <T> Connection setOption(SocketOption<T> option, T value) throws IOException;

  /**
   * Returns the socket options this connection's transport supports.
   *
   * @return an unmodifiable set of options
   */
  Set<SocketOption<?>> supportedOptions();

  /**
   * Returns the read time-out; zero means none.
   *
   * @return the read time-out
   */
  Duration readTimeout();

  /**
   * Sets the read time-out: a read that receives no byte for this long throws {@link
   * TimedOutException} of kind {@link TimedOutException.Kind#READ}, and the connection stays
   * usable; zero removes the limit. Takes effect from the next read.
   *
   * @param timeout the time-out, not negative
   * @return this connection
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  Connection setReadTimeout(Duration timeout);

  /**
   * Returns the write time-out; zero means none.
   *
   * @return the write time-out
   */
  Duration writeTimeout();

  /**
   * Sets the write time-out: a write, or a flush, during which the peer accepts no byte for this
   * long throws {@link TimedOutException} of kind {@link TimedOutException.Kind#WRITE}; zero
   * removes the limit. Takes effect from the next write.
   *
   * @param timeout the time-out, not negative
   * @return this connection
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  Connection setWriteTimeout(Duration timeout);

  /**
   * Returns the deadline, if one is set.
   *
   * @return the deadline
   */
  Optional<Instant> deadline();

  /**
   * Sets an absolute deadline for every read and write on this connection: a call still waiting
   * at {@code deadline}, or started after it, throws {@link TimedOutException} of kind {@link
   * TimedOutException.Kind#DEADLINE}. Bytes already buffered can still be read. Use it to bound a
   * whole operation, such as reading one frame, whatever the peer's pace.
   *
   * @param deadline the instant, measured on the system clock when this is called
   * @return this connection
   */
  Connection setDeadline(Instant deadline);

  /**
   * Removes the deadline.
   *
   * @return this connection
   */
  Connection clearDeadline();

  /**
   * Shuts down the input side: later reads see end of stream once buffered bytes are consumed;
   * data the peer sends afterwards is discarded. Does nothing if already shut down.
   *
   * @throws SocketClosedException if the connection is closed
   * @throws IOException if the shutdown fails
   */
  void shutdownInput() throws IOException;

  /**
   * Flushes buffered output, then shuts down the output side so the peer reads end of stream
   * (a TCP FIN) while this side can still read its reply. Does nothing if already shut down.
   *
   * @throws SocketClosedException if the connection is closed
   * @throws IOException if flushing or the shutdown fails
   */
  void shutdownOutput() throws IOException;

  /**
   * Returns whether the connection is open: {@code false} once {@link #close()} was called.
   *
   * @return whether it is open
   */
  boolean isOpen();

  /**
   * Closes the socket and releases its descriptors at once, discarding any output that was not
   * flushed: flush first to send it (closing {@link #output()} does). A reader or writer blocked in
   * another thread is woken and throws {@link SocketClosedException}; later calls throw it too.
   * Idempotent: later calls do nothing. With {@code SO_LINGER} set to zero the peer sees a reset.
   *
   * @throws IOException if releasing the socket fails; it is closed all the same
   */
  @Override
  void close() throws IOException;
}
