package dev.socketkit.datagram;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A strategy at work: which threads receive and which run the handler. The receiver thread runs
 * {@link ServerLoop#receive} with {@link #dispatch} and, when that returns, {@link
 * #receiverEnded}; every datagram dispatched reaches {@link ServerLoop#handle} or {@link
 * ServerLoop#drop} exactly once.
 */
abstract class Engine {
  final ServerLoop loop;
  /** The receiver thread's slot, for an engine whose receiver runs the handler itself. */
  ServerLoop.Slot receiverSlot;

  private Engine(ServerLoop loop) {
    this.loop = loop;
  }

  static Engine of(DatagramStrategy strategy, ServerLoop loop) {
    if (strategy instanceof DatagramStrategy.Pooled) {
      DatagramStrategy.Pooled p = (DatagramStrategy.Pooled) strategy;
      return new Pooled(loop, p.workers(), p.queueCapacity());
    }
    if (strategy instanceof DatagramStrategy.Virtual) {
      return new Virtual(loop, ((DatagramStrategy.Virtual) strategy).maxConcurrent());
    }
    return new Iterative(loop);
  }

  /** Starts the receiver, and the workers first if there are any. */
  void start() {
    loop.crew.start(loop.name + "-receiver", false, () -> {
      receiverSlot = loop.enter();
      try {
        loop.receive(this::dispatch);
      } finally {
        loop.leave(receiverSlot);
        receiverEnded();
      }
    });
  }

  /** On the receiver thread: hands {@code d} on. */
  abstract void dispatch(Datagram d);

  /** On the receiver thread, once it stopped receiving: let workers finish the queue, then end. */
  void receiverEnded() {}

  /** At the end of the grace period: drops every queued datagram (as {@link DropReason#SHUTDOWN}). */
  void abandon() {}

  /** The receiver runs the handler itself. */
  private static final class Iterative extends Engine {
    Iterative(ServerLoop loop) {
      super(loop);
    }

    @Override
    void dispatch(Datagram d) {
      loop.handle(d, receiverSlot);
    }
  }

  /** A receiver, a bounded queue, and fixed workers; a datagram that finds the queue full is dropped. */
  private static final class Pooled extends Engine {
    private static final Object STOP = new Object();
    private final int workers;
    private final int capacity;
    private final BlockingQueue<Object> queue;

    Pooled(ServerLoop loop, int workers, int capacity) {
      super(loop);
      this.workers = workers;
      this.capacity = capacity;
      this.queue = new ArrayBlockingQueue<>(capacity + workers); // room for every STOP
    }

    @Override
    void start() {
      for (int i = 1; i <= workers; i++) {
        loop.crew.start(loop.name + "-worker-" + i, false, this::work);
      }
      super.start();
    }

    private void work() {
      ServerLoop.Slot slot = loop.enter();
      try {
        while (!loop.isCuttingOff()) {
          Object next;
          try {
            next = queue.take();
          } catch (InterruptedException e) {
            return;
          }
          if (next == STOP) {
            return;
          }
          loop.handle((Datagram) next, slot);
        }
      } finally {
        loop.leave(slot);
      }
    }

    @Override
    void dispatch(Datagram d) {
      if (queue.size() >= capacity) { // the receiver is the only producer, so this cannot race
        loop.drop(d.sender(), d.length(), DropReason.QUEUE_FULL);
      } else {
        queue.add(d);
      }
    }

    @Override
    void receiverEnded() {
      for (int i = 0; i < workers; i++) {
        queue.add(STOP);
      }
    }

    @Override
    void abandon() {
      for (Object o; (o = queue.poll()) != null; ) {
        if (o != STOP) {
          Datagram d = (Datagram) o;
          loop.drop(d.sender(), d.length(), DropReason.SHUTDOWN);
        }
      }
    }
  }

  /** A receiver that starts a virtual thread per datagram, optionally capped. */
  private static final class Virtual extends Engine {
    private final Semaphore permits;
    private final AtomicLong ids = new AtomicLong();

    Virtual(ServerLoop loop, int maxConcurrent) {
      super(loop);
      this.permits = maxConcurrent == 0 ? null : new Semaphore(maxConcurrent);
    }

    @Override
    void dispatch(Datagram d) {
      if (permits != null) {
        try {
          permits.acquire();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          loop.drop(d.sender(), d.length(), DropReason.SHUTDOWN);
          return;
        }
      }
      try {
        loop.crew.start(loop.name + "-virtual-" + ids.incrementAndGet(), true, () -> {
          ServerLoop.Slot slot = loop.enter();
          try {
            loop.handle(d, slot);
          } finally {
            loop.leave(slot);
            release();
          }
        });
      } catch (RuntimeException | Error e) {
        release();
        loop.drop(d.sender(), d.length(), DropReason.SHUTDOWN);
        ServerLoop.LOG.warn("{}: could not start a handler thread for {}", loop.name, d, e);
      }
    }

    private void release() {
      if (permits != null) {
        permits.release();
      }
    }
  }
}
