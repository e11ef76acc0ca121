package dev.socketkit.testkit;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of an in-memory connection: a bounded byte ring with one writing end and one
 * reading end. Reads and writes never wait; the awaits wait for a change, a wake-up or a limit.
 */
final class Pipe {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final byte[] ring;
  private int head;
  private int count;
  private boolean writerDone; // writer shut down output or closed: reader sees end of stream
  private boolean readerGone; // reader closed: writes are reset
  private boolean readerShut; // reader shut down input: writes are discarded
  private boolean readerWoken;
  private boolean writerWoken;

  Pipe(int capacity) {
    this.ring = new byte[capacity];
  }

  /** Moves buffered bytes into {@code dst}: their number, 0 if none is buffered, -1 at the end. */
  int read(ByteBuffer dst) {
    lock.lock();
    try {
      if (readerShut || readerGone) {
        return -1;
      }
      if (count == 0) {
        return writerDone ? -1 : 0;
      }
      int n = Math.min(dst.remaining(), count);
      int first = Math.min(n, ring.length - head);
      dst.put(ring, head, first).put(ring, 0, n - first);
      head = (head + n) % ring.length;
      count -= n;
      changed.signalAll();
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** Moves as many bytes from {@code srcs} as there is room for; 0 if the ring is full. */
  long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    lock.lock();
    try {
      if (writerDone) {
        throw new ClosedChannelException();
      }
      if (readerGone) {
        throw new SocketException("Connection reset by peer");
      }
      long total = 0;
      for (int i = offset; i < offset + length; i++) {
        ByteBuffer src = srcs[i];
        if (readerShut) { // discarded, as a socket whose peer shut down its input may do
          total += src.remaining();
          src.position(src.limit());
          continue;
        }
        int n = Math.min(src.remaining(), ring.length - count);
        int tail = (head + count) % ring.length;
        int first = Math.min(n, ring.length - tail);
        src.get(ring, tail, first).get(ring, 0, n - first);
        count += n;
        total += n;
        if (src.hasRemaining()) {
          break;
        }
      }
      if (total > 0) {
        changed.signalAll();
      }
      return total;
    } finally {
      lock.unlock();
    }
  }

  void awaitReadable(long nanos) throws IOException {
    await(true, nanos);
  }

  void awaitWritable(long nanos) throws IOException {
    await(false, nanos);
  }

  private void await(boolean reader, long nanos) throws IOException {
    lock.lock();
    try {
      long left = nanos;
      while (!ready(reader)) {
        if (reader ? readerWoken : writerWoken) {
          break;
        }
        if (nanos == Long.MAX_VALUE) {
          changed.await();
        } else if (left <= 0) {
          break;
        } else {
          left = changed.awaitNanos(left);
        }
      }
      if (reader) {
        readerWoken = false;
      } else {
        writerWoken = false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting");
    } finally {
      lock.unlock();
    }
  }

  private boolean ready(boolean reader) {
    boolean over = writerDone || readerGone || readerShut;
    return over || (reader ? count > 0 : count < ring.length);
  }

  /** Makes the reading end's pending await, or its next one, return. */
  void wakeReader() {
    update(() -> readerWoken = true);
  }

  /** Makes the writing end's pending await, or its next one, return. */
  void wakeWriter() {
    update(() -> writerWoken = true);
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

  private void update(Runnable change) {
    lock.lock();
    try {
      change.run();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
