package dev.socketkit.server;

import java.net.SocketAddress;

/**
 * Callbacks on the life of a server's sessions, for metrics and audit logs; every method does
 * nothing by default.
 *
 * <p>Methods are called on the server's threads, concurrently, and must return quickly. An
 * exception thrown by a callback is logged and otherwise ignored: it never stops a session or
 * the server.
 */
public interface ServerEvents {

  /** Events that are ignored. */
  ServerEvents NONE = new ServerEvents() {};

  /**
   * Called when a session starts, before the handler runs.
   *
   * @param session the session
   */
  default void opened(SessionInfo session) {}

  /**
   * Called when the handler threw, before {@link #closed(SessionInfo)}; time-outs and sessions
   * cut off at shutdown are reported here too.
   *
   * @param session the session
   * @param error what the handler threw
   */
  default void failed(SessionInfo session, Throwable error) {}

  /**
   * Called after the session's connection was closed, whether the handler returned or threw.
   *
   * @param session the session, with its final byte counts
   */
  default void closed(SessionInfo session) {}

  /**
   * Called after an accepted connection was closed without being served.
   *
   * @param remote the client's address
   * @param reason why it was rejected
   */
  default void rejected(SocketAddress remote, RejectReason reason) {}
}
