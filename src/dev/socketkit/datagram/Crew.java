package dev.socketkit.datagram;

import dev.socketkit.internal.Threads;
import dev.socketkit.internal.VirtualThreads;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads of one datagram server, each kept only while it runs. The few platform threads
 * (receiver, workers) are also remembered so shutdown can join them; the virtual threads, one per
 * datagram, are forgotten when they finish.
 */
final class Crew {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition empty = lock.newCondition();
  private final Set<Thread> live = new HashSet<>();
  private final List<Thread> platform = new ArrayList<>();

  /** Starts a thread; throws what thread creation throws, leaving nothing registered. */
  void start(String name, boolean virtual, Runnable task) {
    Runnable body = () -> {
      try {
        task.run();
      } finally {
        remove(Thread.currentThread());
      }
    };
    Thread t = virtual ? VirtualThreads.newThread(name, body) : new Thread(body, name);
    lock.lock();
    try {
      live.add(t);
      if (!virtual) {
        platform.add(t);
      }
    } finally {
      lock.unlock();
    }
    try {
      t.start();
    } catch (RuntimeException | Error e) {
      remove(t);
      throw e;
    }
  }

  private void remove(Thread t) {
    lock.lock();
    try {
      live.remove(t);
      if (live.isEmpty()) {
        empty.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no thread runs or until {@code deadlineNanos} (on {@link System#nanoTime()});
   * returns whether none runs. An interrupt ends the wait early and is kept.
   */
  boolean awaitEmpty(long deadlineNanos) {
    lock.lock();
    try {
      while (!live.isEmpty()) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          empty.await(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return live.isEmpty();
        }
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  void interruptAll() {
    for (Thread t : snapshot()) {
      t.interrupt();
    }
  }

  List<Thread> snapshot() {
    lock.lock();
    try {
      return new ArrayList<>(live);
    } finally {
      lock.unlock();
    }
  }

  /** Waits for every platform thread ever started to have terminated; they have been stopped. */
  void joinPlatformThreads() {
    List<Thread> all;
    lock.lock();
    try {
      all = new ArrayList<>(platform);
    } finally {
      lock.unlock();
    }
    for (Thread t : all) {
      if (t != Thread.currentThread()) {
        Threads.joinUninterruptibly(t);
      }
    }
  }
}
