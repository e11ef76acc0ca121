package dev.socketkit.server;

import dev.socketkit.Listener;
import java.util.concurrent.atomic.AtomicInteger;

/** An acceptor feeds a bounded queue; a fixed pool of workers serves from it. */
final class PooledEngine extends Engine {
  private final int workers;
  private final Overflow whenFull;
  private final ClosableQueue<Admission> queue;
  private final AtomicInteger busy = new AtomicInteger();
  private final Runnable waited;

  PooledEngine(ServerCore core, int workers, int queueCapacity, Overflow whenFull) {
    super(core);
    this.workers = workers;
    this.whenFull = whenFull;
    this.queue = new ClosableQueue<>(queueCapacity);
    this.waited = core.starvation::waited;
  }

  @Override
  void start() {
    core.starvation.queued = queue::size;
    for (int i = 0; i < workers; i++) {
      startThread(core.threadName("worker"), () -> {
        // a connection already queued when a worker is back from a session waited for it; a
        // worker's first is not counted, as it may only mean that the worker started late
        for (Admission c = queue.take(); c != null; c = queue.take(waited)) {
          busy.incrementAndGet();
          try {
            c.serve();
          } finally {
            busy.decrementAndGet();
          }
        }
      });
    }
    Listener listener = core.listeners.get(0);
    startThread(core.name + "-acceptor", () -> {
      for (Admission c; (c = core.accept(listener)) != null; ) {
        if (queue.offer(c)) {
          // busy first: a worker takes from the queue before it counts itself busy, so this order
          // can miss a starved moment but never report one that was not
          int idle = workers - busy.get();
          int queued = queue.size();
          if (queued > idle) {
            core.starvation.workersBusy(queued);
          }
          continue;
        }
        if (whenFull != Overflow.WAIT) {
          c.reject(RejectReason.QUEUE_FULL, whenFull);
          continue;
        }
        core.starvation.workersBusy(queue.size()); // full: the acceptor waits, clients queue in the backlog
        if (!queue.put(c)) {
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
