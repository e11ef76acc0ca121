package dev.socketkit.spi;

import dev.socketkit.Connection;
import dev.socketkit.ConnectionOptions;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * The seam under a {@link Connection}: the few operations a byte-stream transport provides, on
 * which {@link Connection#of(Transport, ConnectionOptions)} builds everything else once —
 * buffering, read and write time-outs, the deadline, byte counts, messages and close semantics.
 * TCP and Unix-domain sockets implement it in this library, the test kit's {@linkplain
 * dev.socketkit.testkit.ConnectionPair in-memory pair} implements it, and a wrapper (TLS, a
 * recording or fault-injecting transport) implements it over another transport.
 *
 * <h2>Modes</h2>
 * A transport is either blocking ({@link #isBlocking()} is {@code true}): {@link #read} and
 * {@link #write} wait as long as it takes, which is the cheapest path (one system call) for a
 * connection without time limits; or non-blocking: {@code read} and {@code write} never wait and
 * return 0 when they cannot make progress, and the connection waits in {@link
 * #awaitReadable(long)} or {@link #awaitWritable(long)} within its limits. The connection
 * switches a blocking transport with {@link #configureNonBlocking()} the first time a limit is
 * set and no call is in progress; a transport may also start, and stay, non-blocking.
 *
 * <h2>Waking</h2>
 * {@link #wakeup()} makes a pending {@code await} return at once, or, if none is pending, the
 * next one; the connection calls it when a limit changes while a call waits, then re-checks its
 * limits. An {@code await} may also return early for no reason. {@link #close()}, from any
 * thread, wakes every thread in {@code read}, {@code write} or {@code await} at once.
 *
 * <h2>Threads and errors</h2>
 * At most one thread reads (with {@code awaitReadable}) and one writes (with {@code
 * awaitWritable}) at a time; the other methods may be called from any thread. A transport throws
 * plain {@link IOException}s ({@link java.nio.channels.ClosedChannelException} after close, a
 * {@link java.net.SocketException} saying "Connection reset" for a reset); the connection turns
 * them into this library's types with messages naming the operation and both ends, so a
 * transport need not format messages.
 *
 * <p>This interface is for implementers and may still change before 1.0; callers use {@link
 * Connection}.
 */
public interface Transport extends Closeable {

  /**
   * Reads available bytes into {@code dst}, advancing its position; in blocking mode waits for
   * at least one byte.
   *
   * @param dst the buffer to fill; has space remaining
   * @return the number of bytes read, 0 if none is available now (non-blocking mode only), or
   *     -1 at end of stream
   * @throws IOException if reading fails or the transport is closed
   */
  int read(ByteBuffer dst) throws IOException;

  /**
   * Writes bytes from the given buffers, advancing their positions; in blocking mode writes all
   * of them, in non-blocking mode as many as the transport takes now.
   *
   * @param srcs the buffers
   * @param offset the first buffer to write from
   * @param length how many buffers to write from
   * @return the number of bytes written, possibly 0 in non-blocking mode
   * @throws IOException if writing fails, the output was shut down or the transport is closed
   */
  long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

  /**
   * Returns whether {@link #read} and {@link #write} wait as long as it takes.
   *
   * @return whether this transport is in blocking mode
   */
  boolean isBlocking();

  /**
   * Switches to non-blocking mode for good; does nothing if already non-blocking. Called only
   * while no read or write is in progress.
   *
   * @throws IOException if switching fails, for example because the transport is closed
   */
  void configureNonBlocking() throws IOException;

  /**
   * Waits until a read could make progress, {@link #wakeup()} or {@link #close()} is called, or
   * {@code nanos} have passed; in non-blocking mode only. Returns at once if a read could make
   * progress now: the connection calls it before reading when the previous read left nothing
   * behind, so a transport that buffers bytes of its own (TLS) must count those as readable.
   *
   * @param nanos the longest wait in nanoseconds, {@link Long#MAX_VALUE} for no limit
   * @throws IOException if waiting fails
   */
  void awaitReadable(long nanos) throws IOException;

  /**
   * Waits until a write could make progress, {@link #wakeup()} or {@link #close()} is called, or
   * {@code nanos} have passed; in non-blocking mode only.
   *
   * @param nanos the longest wait in nanoseconds, {@link Long#MAX_VALUE} for no limit
   * @throws IOException if waiting fails
   */
  void awaitWritable(long nanos) throws IOException;

  /** Makes a pending await (or, if none is pending, the next one) in either direction return. */
  void wakeup();

  /**
   * Shuts the input down: later reads return -1; bytes the peer sends are discarded.
   *
   * @throws IOException if the shutdown fails
   */
  void shutdownInput() throws IOException;

  /**
   * Shuts the output down: the peer reads end of stream once it has read what was written.
   *
   * @throws IOException if the shutdown fails
   */
  void shutdownOutput() throws IOException;

  /**
   * Returns the local address; answers after close too.
   *
   * @return the local address
   */
  SocketAddress localAddress();

  /**
   * Returns the remote address; answers after close too.
   *
   * @return the remote address
   */
  SocketAddress remoteAddress();

  /**
   * Returns the socket options this transport supports; possibly none.
   *
   * @return an unmodifiable set
   */
  Set<SocketOption<?>> supportedOptions();

  /**
   * Returns the value of a supported socket option.
   *
   * @param <T> the option's value type
   * @param option one of {@link #supportedOptions()}
   * @return its value
   * @throws IOException if reading it fails
   */
  <T> T getOption(SocketOption<T> option) throws IOException;

  /**
   * Sets a supported socket option.
   *
   * @param <T> the option's value type
   * @param option one of {@link #supportedOptions()}
   * @param value its value
   * @throws IOException if setting it fails
   */
  <T> void setOption(SocketOption<T> option, T value) throws IOException;

  /**
   * Releases the transport, waking every thread blocked in it; idempotent.
   *
   * @throws IOException if releasing fails; the transport is closed all the same
   */
  @Override
  void close() throws IOException;
}
