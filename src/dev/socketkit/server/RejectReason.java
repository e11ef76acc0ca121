package dev.socketkit.server;

/** Why a server closed an accepted connection without running the session handler on it. */
public enum RejectReason {
  /** The {@linkplain ServerOptions#maxConnections() connection limit} was reached. */
  MAX_CONNECTIONS,
  /** Every worker of a pooled strategy was busy and its queue was full. */
  QUEUE_FULL,
  /** No thread or memory could be had to serve it (for example a process limit on threads). */
  NO_RESOURCES,
  /** The server was shutting down before a handler could take the connection. */
  SHUTDOWN,
  /** The client's source already had {@linkplain SourceLimits#maxConnections() its most connections}. */
  SOURCE_MAX_CONNECTIONS,
  /** The client's source connected faster than {@linkplain SourceLimits#acceptRate() its accept rate}. */
  SOURCE_ACCEPT_RATE
}
