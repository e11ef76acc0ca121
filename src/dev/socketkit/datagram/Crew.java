package dev.socketkit.datagram;

import dev.socketkit.internal.Threads;
import dev.socketkit.internal.VirtualThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The threads of one datagram server, each kept only while it runs. Waiting for them is joining
 * them: once the receiver has stopped no thread is added, so joining every thread still listed
 * until none is left ends the wait. The few platform threads (receiver, workers) are remembered
 * for a last join; the virtual threads, one per datagram, are forgotten when they finish.
 */
final class Crew {
  private final Set<Thread> live = ConcurrentHashMap.newKeySet();
  private final List<Thread> platform = new CopyOnWriteArrayList<>();

  /** Starts a thread; throws what thread creation throws, leaving nothing registered. */
  void start(String name, boolean virtual, Runnable task) {
    Runnable body = () -> {
      try {
        task.run();
      } finally {
        live.remove(Thread.currentThread());
      }
    };
    Thread t = virtual ? VirtualThreads.newThread(name, body) : new Thread(body, name);
    live.add(t);
    try {
      t.start();
    } catch (RuntimeException | Error e) {
      live.remove(t);
      throw e;
    }
    if (!virtual) {
      platform.add(t);
    }
  }

  /**
   * Joins the running threads until none is left or {@code deadlineNanos} (on {@link
   * System#nanoTime()}) passes; returns whether none is left. An interrupt ends the wait early and
   * is kept.
   */
  boolean awaitEmpty(long deadlineNanos) {
    for (List<Thread> now = snapshot(); !now.isEmpty(); now = snapshot()) {
      for (Thread t : now) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return live.isEmpty();
        }
        try {
          t.join(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return live.isEmpty();
        }
      }
    }
    return true;
  }

  void interruptAll() {
    for (Thread t : snapshot()) {
      t.interrupt();
    }
  }

  List<Thread> snapshot() {
    return new ArrayList<>(live);
  }

  /** Waits for every platform thread ever started to have terminated; they have been stopped. */
  void joinPlatformThreads() {
    for (Thread t : platform) {
      if (t != Thread.currentThread()) {
        Threads.joinUninterruptibly(t);
      }
    }
  }
}
