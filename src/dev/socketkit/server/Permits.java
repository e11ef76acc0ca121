package dev.socketkit.server;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A counting limit that {@link #close()} opens for good: waiters wake at once and give up. Zero
 * permits means no limit. A lock rather than {@code synchronized}, so virtual threads do not pin.
 */
final class Permits {
  private final int max;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private int used;
  private boolean closed;

  Permits(int max) {
    this.max = max;
  }

  /** Waits for a permit; false once closed. */
  boolean acquire() {
    if (max == 0) {
      return !isClosed();
    }
    lock.lock();
    try {
      while (!closed && used >= max) {
        released.awaitUninterruptibly();
      }
      if (closed) {
        return false;
      }
      used++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Takes a permit if one is free, even when closed (connections already accepted still count). */
  boolean tryAcquire() {
    if (max == 0) {
      return true;
    }
    lock.lock();
    try {
      if (used >= max) {
        return false;
      }
      used++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  void release() {
    if (max == 0) {
      return;
    }
    lock.lock();
    try {
      if (used <= 0) {
        throw new IllegalStateException("permit released twice (used: " + used + ")");
      }
      used--;
      released.signal();
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }
}
