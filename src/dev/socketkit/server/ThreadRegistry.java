package dev.socketkit.server;

import dev.socketkit.internal.Threads;
import dev.socketkit.internal.VirtualThreads;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every thread a server starts, platform or virtual, kept only while it runs.
 *
 * <p>A finished thread removes itself, so nothing is retained; to let shutdown prove that no
 * thread is still alive, each exiting thread first joins the one that exited before it, so joining
 * the last one to exit waits for them all.
 */
final class ThreadRegistry {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition empty = lock.newCondition();
  private final Set<Thread> live = new HashSet<>();
  private final AtomicReference<Thread> lastExited = new AtomicReference<>();

  /** Starts a thread; throws what thread creation throws, leaving nothing registered. */
  Thread start(String name, boolean virtual, Runnable task) {
    Runnable body = () -> {
      try {
        task.run();
      } finally {
        exit();
      }
    };
    Thread t = virtual ? VirtualThreads.newThread(name, body) : new Thread(body, name);
    lock.lock();
    try {
      live.add(t);
    } finally {
      lock.unlock();
    }
    try {
      t.start();
    } catch (RuntimeException | Error e) {
      remove(t);
      throw e;
    }
    return t;
  }

  private void exit() {
    Thread me = Thread.currentThread();
    Thread previous = lastExited.getAndSet(me);
    remove(me);
    if (previous != null) {
      Threads.joinUninterruptibly(previous);
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
   * Waits until no registered thread is left or until {@code deadlineNanos} (on {@link
   * System#nanoTime()}); returns whether none is left. An interrupt ends the wait early and is
   * kept.
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

  /** Waits for every thread that ever exited to have terminated. */
  void joinExited() {
    Thread last = lastExited.get();
    if (last != null && last != Thread.currentThread()) {
      Threads.joinUninterruptibly(last);
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
}
