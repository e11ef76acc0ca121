package dev.socketkit.testkit;

import dev.socketkit.ConnectionResetException;
import dev.socketkit.SocketClosedException;
import dev.socketkit.TimedOutException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** One direction of an in-memory connection: a bounded byte ring, one writer, one reader. */
final class Pipe {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final byte[] ring;
  private int head;
  private int count;
  private boolean writerDone; // writer shut down output or closed: reader sees end of stream
  private boolean readerGone; // reader closed: writes are reset
  private boolean readerShut; // reader shut down input: writes are discarded

  Pipe(int capacity) {
    this.ring = new byte[capacity];
  }

  int read(byte[] b, int off, int len, MemoryConnection reader) throws IOException {
    if (len == 0) {
      return 0;
    }
    lock.lock();
    try {
      long start = System.nanoTime();
      while (true) {
        reader.ensureOpen("read");
        checkDeadline(reader, "read");
        if (count > 0) {
          break;
        }
        if (writerDone || readerShut) {
          return -1;
        }
        await(reader, "read", reader.readTimeout(), start);
      }
      int n = Math.min(len, count);
      int first = Math.min(n, ring.length - head);
      System.arraycopy(ring, head, b, off, first);
      System.arraycopy(ring, 0, b, off + first, n - first);
      head = (head + n) % ring.length;
      count -= n;
      changed.signalAll();
      return n;
    } finally {
      lock.unlock();
    }
  }

  void write(byte[] b, int off, int len, MemoryConnection writer) throws IOException {
    lock.lock();
    try {
      long start = System.nanoTime();
      while (len > 0) {
        writer.ensureOpen("write");
        checkDeadline(writer, "write");
        if (writerDone) {
          throw new IOException("write " + writer.ends() + ": output shut down");
        }
        if (readerGone) {
          throw new ConnectionResetException("write " + writer.ends() + ": connection reset by peer");
        }
        if (readerShut) {
          return;
        }
        if (count == ring.length) {
          await(writer, "write", writer.writeTimeout(), start);
          continue;
        }
        int n = Math.min(len, ring.length - count);
        int tail = (head + count) % ring.length;
        int first = Math.min(n, ring.length - tail);
        System.arraycopy(b, off, ring, tail, first);
        System.arraycopy(b, off + first, ring, 0, n - first);
        count += n;
        off += n;
        len -= n;
        start = System.nanoTime();
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits for a change, within the idle time-out and the deadline of {@code c}. */
  private void await(MemoryConnection c, String op, Duration idle, long start) throws IOException {
    long wait = Long.MAX_VALUE;
    if (!idle.isZero()) {
      long idleNanos;
      try {
        idleNanos = idle.toNanos();
      } catch (ArithmeticException e) {
        idleNanos = Long.MAX_VALUE / 2;
      }
      wait = idleNanos - (System.nanoTime() - start);
      if (wait <= 0) {
        TimedOutException.Kind kind =
            op.equals("read") ? TimedOutException.Kind.READ : TimedOutException.Kind.WRITE;
        throw new TimedOutException(op + " " + c.ends() + ": no progress for " + idle, kind, idle);
      }
    }
    Instant deadline = c.deadline().orElse(null);
    if (deadline != null) {
      wait = Math.min(wait, checkDeadline(c, op));
    }
    try {
      if (wait == Long.MAX_VALUE) {
        changed.await();
      } else {
        changed.await(wait, TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(op + " " + c.ends() + ": interrupted");
    }
  }

  /** Throws if {@code c}'s deadline has passed; returns the nanoseconds left (MAX_VALUE: none). */
  private static long checkDeadline(MemoryConnection c, String op) throws TimedOutException {
    Instant deadline = c.deadline().orElse(null);
    if (deadline == null) {
      return Long.MAX_VALUE;
    }
    long left;
    try {
      left = Duration.between(Instant.now(), deadline).toNanos();
    } catch (ArithmeticException e) {
      left = deadline.isAfter(Instant.now()) ? Long.MAX_VALUE / 2 : 0;
    }
    if (left <= 0) {
      throw new TimedOutException(op + " " + c.ends() + ": deadline " + deadline + " passed",
          TimedOutException.Kind.DEADLINE, Duration.ZERO);
    }
    return left;
  }

  /** The writer side is done (shutdownOutput or close): the reader drains, then sees the end. */
  void writerDone() {
    update(() -> writerDone = true);
  }

  /** The reader closed: pending bytes are dropped and writes fail with a reset. */
  void readerGone() {
    update(() -> {
      readerGone = true;
      count = 0;
    });
  }

  /** The reader shut down input: pending and later bytes are dropped. */
  void readerShut() {
    update(() -> {
      readerShut = true;
      count = 0;
    });
  }

  /** Wakes every waiter, so it re-checks close and the deadline. */
  void wake() {
    update(() -> { });
  }

  private void update(Runnable change) {
    lock.lock();
    try {
      change.run();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  static SocketClosedException closed(String op, String ends) {
    return new SocketClosedException(op + " " + ends + ": socket closed");
  }
}
