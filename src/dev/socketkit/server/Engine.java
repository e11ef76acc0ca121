package dev.socketkit.server;

/**
 * The seam behind {@link Strategy}: arranges the threads that call {@link ServerCore#accept} and
 * take each {@link Admission}'s exit. One instance per server start.
 */
abstract class Engine {
  final ServerCore core;

  Engine(ServerCore core) {
    this.core = core;
  }

  /** Starts the threads; the listeners are bound. */
  abstract void start();

  /** Wakes whatever the strategy's threads wait on besides the listener and the permits. */
  void stopAccepting() {}

  /** Rejects the connections still queued when the grace period ends. */
  void abort() {}

  /** Starts a platform thread, or fails the start of the server if it cannot. */
  final void startThread(String name, Runnable task) {
    core.threads.start(name, false, task);
  }

  /** Starts the session on a new thread; a thread that cannot start rejects the connection. */
  final void serveOnNewThread(Admission c, String role, boolean virtual, Runnable after) {
    try {
      core.threads.start(core.threadName(role), virtual, () -> {
        try {
          c.serve();
        } finally {
          after.run();
        }
      });
    } catch (RuntimeException | OutOfMemoryError e) {
      ServerCore.LOG.error("{}: cannot start a thread for {}: {}", core.name, c.remoteAddress(), e.toString());
      after.run();
      c.reject(RejectReason.NO_RESOURCES, Overflow.CLOSE);
    }
  }
}
