package dev.socketkit.server;

import dev.socketkit.Connection;

/**
 * The caller's per-connection logic: talks to one client and never has to track the others.
 *
 * <p>The same handler runs unchanged under every {@link Strategy}. It is called once per accepted
 * connection, on a thread the strategy chooses, possibly by many threads at once, so shared state
 * must be thread-safe.
 *
 * <pre>{@code
 * SessionHandler upperCase = connection -> {
 *   BufferedInput in = connection.input();
 *   while (!in.exhausted()) {
 *     connection.output().writeByte(Character.toUpperCase(in.readByte())).flush();
 *   }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface SessionHandler {

  /**
   * Serves one client until the session is over, then returns; the server closes the connection
   * afterwards, whether this returns or throws, without flushing it: flush what you wrote.
   *
   * <p>A read that waits longer than the {@linkplain ServerOptions#idleTimeout() idle time-out},
   * or any read or write after the {@linkplain ServerOptions#sessionDeadline() session deadline},
   * throws {@link dev.socketkit.TimedOutException}; letting it propagate is the usual answer. At
   * the end of the shutdown grace period the server interrupts the thread and closes the
   * connection, so a blocked read or write throws {@link dev.socketkit.SocketClosedException} and
   * a blocked wait throws {@link InterruptedException}.
   *
   * @param connection the client's connection, with the server's time limits applied
   * @throws Exception anything; the server logs it once with the remote address, counts it,
   *     closes the connection and keeps serving the others
   */
  void handle(Connection connection) throws Exception;
}
