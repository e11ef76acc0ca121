package dev.socketkit.jmh.server;

import java.net.SocketAddress;

/** A benchmark server listening for the echo and churn services; {@link #close()} shuts it down. */
public interface RunningServer extends AutoCloseable {
  /**
   * Returns where the echo service listens.
   *
   * @return the bound address
   */
  SocketAddress echoAddress();

  /**
   * Returns where the churn service listens.
   *
   * @return the bound address
   */
  SocketAddress churnAddress();

  /**
   * Stops accepting, closes live connections, waits a bounded grace period for their threads and
   * returns a one-line shutdown report.
   *
   * @return the report: connections served, still open, time taken
   */
  String shutdown();

  @Override
  default void close() {
    shutdown();
  }
}
