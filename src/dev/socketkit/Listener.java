package dev.socketkit;

import dev.socketkit.internal.ChannelListener;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * A listening stream socket on a TCP address or a Unix-domain socket path: socket, bind and
 * listen in one call, and {@link #accept()} for each client.
 *
 * <pre>{@code
 * try (Listener listener = Listener.bind(new InetSocketAddress("127.0.0.1", 0))) {
 *   System.out.println("listening on " + listener.localAddress()); // port 0 picks a free port
 *   try (Connection c = listener.accept()) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>Binding fails with an exception that names the address: {@link java.net.BindException} for
 * a port or path in use, or a privileged port without the right to bind it. For a Unix-domain
 * path, a stale socket file left by a dead process is replaced, while a live server's socket, or
 * a file that is not a socket, is never touched; a path too long for the platform is refused
 * before binding; the file is removed on {@link #close()}.
 *
 * <p>Thread-safe: several threads may block in {@link #accept()} at once, and each accepted
 * connection goes to exactly one of them. {@link #close()} wakes them all; they throw {@link
 * SocketClosedException}.
 */
public interface Listener extends Closeable {

  /**
   * Binds and listens on {@code local} with the default options.
   *
   * @param local an {@link java.net.InetSocketAddress} (port 0 picks a free port; read it back
   *     with {@link #localAddress()}) or a {@link java.net.UnixDomainSocketAddress}
   * @return the listener
   * @throws java.net.BindException if the address is in use or may not be bound; the message
   *     names it
   * @throws IOException if binding fails otherwise
   */
  static Listener bind(SocketAddress local) throws IOException {
    return bind(local, ListenOptions.defaults());
  }

  /**
   * Binds and listens on {@code local} with the given options.
   *
   * @param local an {@link java.net.InetSocketAddress} or a {@link
   *     java.net.UnixDomainSocketAddress}
   * @param options backlog, address reuse and the options of accepted connections
   * @return the listener
   * @throws java.net.BindException if the address is in use or may not be bound; the message
   *     names it
   * @throws UnsupportedOperationException if {@link ListenOptions#reusePort()} is set where the
   *     platform or transport lacks {@code SO_REUSEPORT}
   * @throws IOException if binding fails otherwise
   */
  static Listener bind(SocketAddress local, ListenOptions options) throws IOException {
    return ChannelListener.bind(local, options, options.accepted());
  }

  /**
   * Returns the bound address, with the actual port when port 0 was asked for. Still answers
   * after close.
   *
   * @return the local address
   */
  SocketAddress localAddress();

  /**
   * Waits for a client and returns its connection, with the buffer size, time limits and socket
   * options of the listener's {@link ListenOptions}.
   *
   * @return the accepted connection
   * @throws SocketClosedException if the listener is closed, before or during the wait
   * @throws IOException if accepting fails, for example when the process is out of descriptors;
   *     the listener stays usable
   */
  Connection accept() throws IOException;

  /**
   * Waits at most {@code timeout} for a client and returns its connection.
   *
   * @param timeout the longest wait; zero means no limit
   * @return the accepted connection
   * @throws TimedOutException if no client arrived in time ({@link TimedOutException.Kind#ACCEPT})
   * @throws SocketClosedException if the listener is closed, before or during the wait
   * @throws IOException if accepting fails otherwise; the listener stays usable
   */
  Connection accept(Duration timeout) throws IOException;

  /**
   * Returns whether the listener is open: {@code false} once {@link #close()} was called.
   *
   * @return whether it is open
   */
  boolean isOpen();

  /**
   * Stops listening, wakes every thread blocked in {@link #accept()}, and removes a Unix-domain
   * socket file. Connections already accepted stay open. Idempotent.
   *
   * @throws IOException if releasing the socket fails
   */
  @Override
  void close() throws IOException;
}
