package dev.socketkit.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded FIFO whose {@link #close()} wakes every waiter without interrupts: producers give up,
 * consumers drain what is left and then get {@code null}.
 */
final class ClosableQueue<T> {
  private final int capacity;
  private final ArrayDeque<T> items = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private boolean closed;

  ClosableQueue(int capacity) {
    this.capacity = capacity;
  }

  /** Adds without waiting; false if full or closed. */
  boolean offer(T item) {
    lock.lock();
    try {
      if (closed || items.size() >= capacity) {
        return false;
      }
      items.add(item);
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Waits for room; false if closed before there was room. */
  boolean put(T item) {
    lock.lock();
    try {
      while (!closed && items.size() >= capacity) {
        notFull.awaitUninterruptibly();
      }
      if (closed) {
        return false;
      }
      items.add(item);
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Removes the head without waiting; null if empty. */
  T poll() {
    lock.lock();
    try {
      T item = items.poll();
      if (item != null) {
        notFull.signal();
      }
      return item;
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the head; null once closed and empty. */
  T take() {
    return take(null);
  }

  /** {@link #take()} that runs {@code ifQueued}, if not null, when the head was there already. */
  T take(Runnable ifQueued) {
    lock.lock();
    try {
      if (ifQueued != null && !items.isEmpty()) {
        ifQueued.run();
      }
      while (!closed && items.isEmpty()) {
        notEmpty.awaitUninterruptibly();
      }
      T item = items.poll();
      if (item != null) {
        notFull.signal();
      }
      return item;
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return items.size();
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Removes and returns everything queued. */
  List<T> drain() {
    lock.lock();
    try {
      List<T> all = new ArrayList<>(items);
      items.clear();
      notFull.signalAll();
      return all;
    } finally {
      lock.unlock();
    }
  }
}
