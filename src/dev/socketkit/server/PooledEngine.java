package dev.socketkit.server;

import dev.socketkit.Listener;
import java.util.concurrent.atomic.AtomicInteger;

/** An acceptor feeds a bounded queue; a fixed pool of workers serves from it. */
final class PooledEngine extends Engine {
  private final int workers;
  private final Overflow whenFull;
  private final ClosableQueue<Admission> queue;
  private final AtomicInteger busy = new AtomicInteger();

  PooledEngine(ServerCore core, int workers, int queueCapacity, Overflow whenFull) {
    super(core);
    this.workers = workers;
    this.whenFull = whenFull;
    this.queue = new ClosableQueue<>(queueCapacity);
  }

  @Override
  void start() {
    core.starvation.queued = queue::size;
    for (int i = 0; i < workers; i++) {
      startThread(core.threadName("worker"), () -> {
        for (Admission c = queue.take(); c != null; c = next()) { // not counted: a first connection may only mean a late start
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
          int queued = queue.size();
          if (queued > workers - busy.get()) {
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

  /** The next connection for a worker back from a session: one already queued waited for it. */
  private Admission next() {
    Admission c = queue.poll();
    if (c != null) {
      core.starvation.waited();
      return c;
    }
    return queue.take();
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
