package dev.socketkit;

import dev.socketkit.internal.Dial;
import dev.socketkit.spi.Transport;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
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
 * {@link #input()} is a {@link BufferedInput} whose {@code readFully}, {@code require} and {@code
 * readInt} wait for every byte they need ({@link EndOfStreamException} says how many arrived);
 * {@link #output()} is a {@link BufferedOutput} whose bytes leave when it fills or on flush.
 *
 * <h2>Time limits</h2>
 * A read waits at most the {@linkplain #setReadTimeout read time-out} for a byte; a write waits at
 * most the {@linkplain #setWriteTimeout write time-out} for the peer to accept a byte; and every
 * read and write fails once the {@linkplain #setDeadline deadline} has passed, so a peer trickling
 * one byte a second cannot hold a connection forever. Expiry throws {@link TimedOutException}
 * naming the limit and, in {@link TimedOutException#transferred()}, how many bytes the call had
 * moved. Zero means no limit; there is none by default unless the {@link ConnectionOptions} say
 * otherwise. The limits behave as Go's deadlines do, on every transport:
 *
 * <ul>
 *   <li>a time-out or deadline set while a call waits applies to that call (a read time-out is
 *       counted from the start of the wait);
 *   <li>a deadline already past fails the next read or write at once, consuming nothing (bytes
 *       already buffered can still be read);
 *   <li>clearing the deadline, or setting a later one, lets the next call proceed;
 *   <li>{@link #close()} from any thread wakes a blocked reader and writer at once.
 * </ul>
 *
 * <p>One exception keeps the fast path: a socket connection on which no limit was ever set reads
 * and writes with one blocking system call each, as plain JDK sockets do, and such a call cannot
 * be woken except by {@code close()}. The first limit switches the connection to waiting within
 * its limits at the first moment no such call is in progress; a call already blocked without a
 * limit keeps waiting without one. Set a limit (in the {@link ConnectionOptions}, or before
 * sharing the connection) to have the rules above hold for every call. Setting a limit never
 * blocks.
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
 * once. {@link #close()}, the shutdowns and the time-limit setters may be called from any thread.
 *
 * <h2>Transports</h2>
 * This class owns the contract once; beneath it a {@link Transport} moves the bytes: TCP and
 * Unix-domain sockets from {@link #connect} and {@link Listener#accept()}, the test kit's
 * in-memory pair, or any transport given to {@link #of(Transport, ConnectionOptions)}.
 */
public final class Connection implements Closeable {
  private final TimedIo io;
  private final BufferedInput input;
  private final BufferedOutput output;

  private Connection(Transport transport, ConnectionOptions options) throws IOException {
    this.io = new TimedIo(transport, this);
    this.input = BufferedInput.of(io.in, options.bufferSize(), "read " + io.ends);
    this.output = BufferedOutput.of(io.out, options.bufferSize());
    SocketOptions.apply(this, options.socketOptions());
    setReadTimeout(options.readTimeout());
    setWriteTimeout(options.writeTimeout());
  }

  /**
   * Connects to {@code remote} with the default options and the given connect time-out, as
   * {@link #connect(SocketAddress, ConnectionOptions)} does.
   *
   * @param remote an {@link java.net.InetSocketAddress} or a {@link java.net.UnixDomainSocketAddress}
   * @param connectTimeout how long connecting may take; zero means no limit beyond the system's
   * @return the open connection
   * @throws IOException as {@link #connect(SocketAddress, ConnectionOptions)} throws it
   */
  public static Connection connect(SocketAddress remote, Duration connectTimeout) throws IOException {
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
  public static Connection connect(SocketAddress remote, ConnectionOptions options) throws IOException {
    Objects.requireNonNull(options, "options");
    return of(Dial.connect(remote, options.connectTimeout()), options);
  }

  /**
   * Returns a connection over an open {@code transport}, which it then owns, with the options'
   * buffer size, time limits and socket options (the connect time-out does not apply).
   *
   * @param transport the open transport
   * @param options buffer size, time limits and socket options
   * @return the connection
   * @throws UnsupportedOperationException if a socket option is not supported by the transport;
   *     the transport is closed
   * @throws IOException if applying an option fails; the transport is closed
   */
  public static Connection of(Transport transport, ConnectionOptions options) throws IOException {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(options, "options");
    try {
      return new Connection(transport, options);
    } catch (IOException | RuntimeException e) {
      try {
        transport.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Returns the buffered input of this connection; at end of stream its reads return {@code -1}
   * or throw {@link EndOfStreamException} as each method documents.
   *
   * @return the input, the same object on every call
   */
  public BufferedInput input() {
    return input;
  }

  /**
   * Returns the buffered output of this connection; bytes are sent when its buffer fills or on
   * {@link BufferedOutput#flush()}.
   *
   * @return the output, the same object on every call
   */
  public BufferedOutput output() {
    return output;
  }

  /**
   * Returns the local end: an {@link java.net.InetSocketAddress} (address and port) for TCP, a
   * {@link java.net.UnixDomainSocketAddress} for Unix-domain sockets (its path may be empty for
   * an unbound client), the transport's own type otherwise. Still answers after close.
   *
   * @return the local address
   */
  public SocketAddress localAddress() {
    return io.transport.localAddress();
  }

  /**
   * Returns the remote end: an {@link java.net.InetSocketAddress} for TCP, a {@link
   * java.net.UnixDomainSocketAddress} for Unix-domain sockets, the transport's own type otherwise.
   * Still answers after close.
   *
   * @return the remote address
   */
  public SocketAddress remoteAddress() {
    return io.transport.remoteAddress();
  }

  /**
   * Returns the user and group of the peer process, for Unix-domain sockets on platforms where the
   * JDK provides them ({@code SO_PEERCRED}); empty for TCP, elsewhere and after close.
   *
   * @return the peer's credentials, if known
   */
  public Optional<UnixDomainPrincipal> peerCredentials() {
    return io.closed ? Optional.empty() : SocketOptions.peerCredentials(io);
  }

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
  public <T> T getOption(SocketOption<T> option) throws IOException {
    return SocketOptions.get(option, io);
  }

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
  public <T> Connection setOption(SocketOption<T> option, T value) throws IOException {
    SocketOptions.set(option, value, io);
    return this;
  }

  /**
   * Returns the socket options this connection's transport supports.
   *
   * @return an unmodifiable set of options, empty for the in-memory pair
   */
  public Set<SocketOption<?>> supportedOptions() {
    return io.transport.supportedOptions();
  }

  /**
   * Returns the read time-out; zero means none.
   *
   * @return the read time-out
   */
  public Duration readTimeout() {
    return io.readTimeout();
  }

  /**
   * Sets the read time-out: a read that receives no byte for this long throws {@link
   * TimedOutException} of kind {@link TimedOutException.Kind#READ}, and the connection stays
   * usable; zero removes the limit. Applies to a read waiting now, counted from the start of its
   * wait, and to every later read. Never blocks.
   *
   * @param timeout the time-out, not negative
   * @return this connection
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public Connection setReadTimeout(Duration timeout) {
    io.readTimeout(timeout);
    return this;
  }

  /**
   * Returns the write time-out; zero means none.
   *
   * @return the write time-out
   */
  public Duration writeTimeout() {
    return io.writeTimeout();
  }

  /**
   * Sets the write time-out: a write, or a flush, during which the peer accepts no byte for this
   * long throws {@link TimedOutException} of kind {@link TimedOutException.Kind#WRITE}; zero
   * removes the limit. Applies to a write waiting now and to every later write. Never blocks.
   *
   * @param timeout the time-out, not negative
   * @return this connection
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  public Connection setWriteTimeout(Duration timeout) {
    io.writeTimeout(timeout);
    return this;
  }

  /**
   * Returns the deadline, if one is set.
   *
   * @return the deadline
   */
  public Optional<Instant> deadline() {
    return Optional.ofNullable(io.deadline());
  }

  /**
   * Sets an absolute deadline for every read and write on this connection, including one waiting
   * now: a call still waiting at {@code deadline}, or started after it, throws {@link
   * TimedOutException} of kind {@link TimedOutException.Kind#DEADLINE}; one started after it
   * consumes nothing. Bytes already buffered can still be read. Use it to bound a whole
   * operation, such as reading one frame, whatever the peer's pace. Never blocks.
   *
   * @param deadline the instant, measured on the system clock when this is called
   * @return this connection
   */
  public Connection setDeadline(Instant deadline) {
    io.deadline(Objects.requireNonNull(deadline, "deadline"));
    return this;
  }

  /**
   * Removes the deadline; the next read or write proceeds without one.
   *
   * @return this connection
   */
  public Connection clearDeadline() {
    io.clearDeadline();
    return this;
  }

  /**
   * Returns how many bytes this connection has received from its transport so far, including
   * bytes still in the input buffer; still answers after close.
   *
   * @return the byte count
   */
  public long bytesRead() {
    return io.bytesRead();
  }

  /**
   * Returns how many bytes this connection has handed to its transport so far (bytes still in
   * the output buffer are not counted); still answers after close.
   *
   * @return the byte count
   */
  public long bytesWritten() {
    return io.bytesWritten();
  }

  /**
   * Shuts down the input side: later reads see end of stream once buffered bytes are consumed;
   * data the peer sends afterwards is discarded. Does nothing if already shut down.
   *
   * @throws SocketClosedException if the connection is closed
   * @throws IOException if the shutdown fails
   */
  public void shutdownInput() throws IOException {
    io.shutdownInput();
  }

  /**
   * Flushes buffered output, then shuts down the output side so the peer reads end of stream
   * (a TCP FIN) while this side can still read its reply; later writes throw {@link
   * IOException} ("output shut down"). Does nothing if already shut down.
   *
   * @throws SocketClosedException if the connection is closed
   * @throws IOException if flushing or the shutdown fails
   */
  public void shutdownOutput() throws IOException {
    io.shutdownOutput(output);
  }

  /**
   * Returns whether the connection is open: {@code false} once {@link #close()} was called.
   *
   * @return whether it is open
   */
  public boolean isOpen() {
    return !io.closed;
  }

  /**
   * Closes the transport and releases its descriptors at once, discarding any output that was not
   * flushed: flush first to send it (closing {@link #output()} does). A reader or writer blocked in
   * another thread is woken at once and throws {@link SocketClosedException}; later calls throw it
   * too. Idempotent: later calls do nothing. With {@code SO_LINGER} set to zero the peer sees a
   * reset.
   *
   * @throws IOException if releasing the transport fails; it is closed all the same
   */
  @Override
  public void close() throws IOException {
    io.close(output);
  }

  /**
   * Returns both ends in the library's message format, such as {@code
   * Connection[127.0.0.1:5555->127.0.0.1:40312]}, and whether it is closed.
   *
   * @return a description
   */
  @Override
  public String toString() {
    return "Connection[" + io.ends + (io.closed ? ", closed]" : "]");
  }
}
