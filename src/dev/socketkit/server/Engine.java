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

  /** The engine that runs {@code strategy}: the one place a strategy value becomes threads. */
  static Engine of(Strategy strategy, ServerCore core) {
    if (strategy instanceof Strategy.Iterative) {
      return new SimpleEngines.Iterative(core);
    } else if (strategy instanceof Strategy.ThreadPerConnection) {
      return new SimpleEngines.PerConnection(core, false, 0);
    } else if (strategy instanceof Strategy.VirtualThreads) {
      return new SimpleEngines.PerConnection(core, true, ((Strategy.VirtualThreads) strategy).cap());
    } else if (strategy instanceof Strategy.Pooled) {
      Strategy.Pooled p = (Strategy.Pooled) strategy;
      return new PooledEngine(core, p.workers(), p.queueCapacity(), p.whenFull());
    } else if (strategy instanceof Strategy.PrestartedHandoff) {
      Strategy.PrestartedHandoff h = (Strategy.PrestartedHandoff) strategy;
      return new HandoffEngine(core, h.spares().books(h.handlers()));
    } else if (strategy instanceof Strategy.PrestartedAccept) {
      Strategy.PrestartedAccept a = (Strategy.PrestartedAccept) strategy;
      return new PrestartedEngine(core, () -> a.spares().books(a.handlers()));
    }
    Strategy.ReusePort r = (Strategy.ReusePort) strategy; // the last of the sealed cases
    return new PrestartedEngine(core, () -> r.spares().books(r.handlersPerListener()));
  }

  /** How many listeners {@code strategy} binds on the one address. */
  static int listeners(Strategy strategy) {
    return strategy instanceof Strategy.ReusePort ? ((Strategy.ReusePort) strategy).listeners() : 1;
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
      ServerCore.LOG.error("{}: cannot start a thread for client {}: {}", core.name,
          dev.socketkit.internal.Errors.format(c.remoteAddress()), e.toString());
      after.run();
      c.reject(RejectReason.NO_RESOURCES, Overflow.CLOSE);
    }
  }
}
