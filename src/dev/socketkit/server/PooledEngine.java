package dev.socketkit.server;

import dev.socketkit.Listener;

/** An acceptor feeds a bounded queue; a fixed pool of workers serves from it. */
final class PooledEngine extends Engine {
  private final int workers;
  private final Overflow whenFull;
  private final ClosableQueue<Admission> queue;

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
        for (Admission c; (c = queue.take()) != null; ) {
          c.serve();
        }
      });
    }
    Listener listener = core.listeners.get(0);
    startThread(core.name + "-acceptor", () -> {
      for (Admission c; (c = core.accept(listener)) != null; ) {
        if (queue.offer(c)) {
          continue;
        }
        if (whenFull != Overflow.WAIT) {
          c.reject(RejectReason.QUEUE_FULL, whenFull);
        } else if (!queue.put(c)) {
          c.reject(RejectReason.SHUTDOWN, Overflow.CLOSE);
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
    for (Admission c : queue.drain()) {
      c.reject(RejectReason.SHUTDOWN, Overflow.CLOSE);
    }
  }
}
