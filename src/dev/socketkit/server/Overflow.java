package dev.socketkit.server;

/**
 * What a server does with a client when a limit is reached: the {@linkplain
 * ServerOptions#maxConnections() connection limit}, or a full queue of a {@linkplain
 * Strategy#pooled(int, int, Overflow) pooled strategy}.
 */
public enum Overflow {
  /**
   * Stop accepting until there is room, so new clients wait in the kernel's listen backlog (and,
   * once that is full, their connects are refused or time out). Nothing is counted as rejected.
   */
  WAIT,
  /**
   * Accept the client and close its connection at once; counted as rejected and logged. The
   * client reads end of stream.
   */
  CLOSE,
  /**
   * Accept the client, send it the {@linkplain ServerOptions#busyReply() busy reply}, and close;
   * counted as rejected and logged.
   */
  BUSY_REPLY
}
