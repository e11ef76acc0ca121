package dev.socketkit.server;

import dev.socketkit.Connection;
import dev.socketkit.internal.Errors;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An accepted connection and, if it holds one, its connection permit: what {@link
 * ServerCore#accept} hands a strategy. It has exactly two exits, {@link #serve()} and {@link
 * #reject(RejectReason, Overflow)}; the first one called runs, any later call does nothing, and
 * the permit is released exactly once, when that exit ends. A strategy cannot lose a connection or
 * a permit by passing the wrong flag: there is none to pass.
 */
final class Admission {
  private static final Duration BUSY_REPLY_TIMEOUT = Duration.ofSeconds(1);

  private final ServerCore core;
  private final Connection connection;
  private final boolean holdsPermit;
  private final AtomicBoolean exited = new AtomicBoolean();
  private final AtomicBoolean released = new AtomicBoolean();

  Admission(ServerCore core, Connection connection, boolean holdsPermit) {
    this.core = core;
    this.connection = connection;
    this.holdsPermit = holdsPermit;
  }

  /** The client's address, for log lines about this admission. */
  SocketAddress remoteAddress() {
    return connection.remoteAddress();
  }

  /**
   * Runs the session handler on the calling thread (or rejects with {@link RejectReason#SHUTDOWN}
   * once the grace period is over); never throws except a {@link VirtualMachineError}.
   */
  void serve() {
    if (!exited.compareAndSet(false, true)) {
      return;
    }
    try {
      if (core.isAborting()) {
        core.rejected(connection, RejectReason.SHUTDOWN, Overflow.CLOSE);
      } else {
        core.run(connection, this::releasePermit);
      }
    } finally {
      releasePermit();
    }
  }

  /**
   * Closes the connection without serving it: with {@link Overflow#BUSY_REPLY} the reply is sent
   * first, waiting at most a second; counted, logged and told to the event hook.
   */
  void reject(RejectReason reason, Overflow how) {
    if (!exited.compareAndSet(false, true)) {
      return;
    }
    try {
      core.rejected(connection, reason, how);
    } finally {
      releasePermit();
    }
  }

  /** Releases the permit, if held, once however often it is called. */
  private void releasePermit() {
    if (holdsPermit && released.compareAndSet(false, true)) {
      core.releasePermit();
    }
  }

  /** Sends the busy reply within a second; failures only matter to the log. */
  static void sendBusyReply(Connection c, byte[] reply, String server) {
    try {
      c.setWriteTimeout(BUSY_REPLY_TIMEOUT);
      c.output().write(reply).flush();
    } catch (IOException | RuntimeException e) {
      ServerCore.LOG.debug("{}: busy reply to {} failed: {}", server, Errors.format(c.remoteAddress()),
          e.toString());
    }
  }

  @Override
  public String toString() {
    return "Admission[" + connection + (exited.get() ? ", done]" : "]");
  }
}
