package dev.socketkit.server;

import dev.socketkit.Connection;
import dev.socketkit.Listener;

/** An acceptor feeds a bounded queue; a fixed pool of workers serves from it. */
final class PooledEngine extends Engine {
  private final int workers;
  private final Overflow whenFull;
  private final ClosableQueue<Connection> queue;

  PooledEngine(ServerCore core, int workers, int queueCapacity, Overflow whenFull) {
    super(core);
    this.workers = workers;
    this.whenFull = whenFull;
    this.queue = new ClosableQueue<>(queueCapacity);
  }

  @Override
  void start() {
    for (int i = 0; i < workers; i++) {
      startThread(core.threadName("worker"), () -> {
        for (Connection c; (c = queue.take()) != null; ) {
          core.serve(c);
        }
      });
    }
    Listener listener = core.listeners.get(0);
    startThread(core.name + "-acceptor", () -> {
      for (Connection c; (c = core.accept(listener)) != null; ) {
        if (queue.offer(c)) {
          continue;
        }
        if (whenFull != Overflow.WAIT) {
          core.reject(c, RejectReason.QUEUE_FULL, whenFull, true);
        } else if (!queue.put(c)) {
          core.reject(c, RejectReason.SHUTDOWN, Overflow.CLOSE, true);
        }
      }
    });
  }

  @Override
  void stopAccepting() {
    queue.close(); // workers drain what is queued, then end
  }

  @Override
  void abort() {
    for (Connection c : queue.drain()) {
      core.reject(c, RejectReason.SHUTDOWN, Overflow.CLOSE, true);
    }
  }
}
