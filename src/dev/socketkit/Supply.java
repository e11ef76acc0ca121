package dev.socketkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Where the bytes of a {@link BufferedInput} come from, and how they reach its caller: a stream,
 * read a buffer's worth at a time (or straight into the caller's array for a large read), or the
 * chunks an input made by {@link BufferedInput#ofChunks()} is fed. It keeps the end-of-stream
 * flag, waits for {@code request}, and runs the one loop of the exact reads, counting what moved
 * for the exceptions that say how much arrived.
 */
final class Supply {
  private final InputStream source; // null: fed by feed()
  private final ReadBuffer buffer;
  private final String label;
  private boolean ended;

  Supply(InputStream source, ReadBuffer buffer, String label) {
    this.source = source;
    this.buffer = buffer;
    this.label = label;
  }

  boolean ended() {
    return ended;
  }

  boolean request(int byteCount) throws IOException {
    while (buffer.size() < byteCount) {
      if (fill(byteCount) <= 0) {
        return false;
      }
    }
    return true;
  }

  void require(int byteCount) throws IOException {
    if (!request(byteCount)) {
      throw eof(buffer.size(), byteCount);
    }
  }

  int read(byte[] dst, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (buffer.size() == 0) {
      if (len >= buffer.capacity()) {
        return pull(dst, off, len); // large read with nothing buffered: straight into dst
      }
      int n = fill(1);
      if (n <= 0) {
        return n;
      }
    }
    return buffer.take(dst, off, len);
  }

  int read(ByteBuffer dst) throws IOException {
    if (dst.hasArray()) {
      int n = read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
      if (n > 0) {
        dst.position(dst.position() + n);
      }
      return n;
    }
    if (dst.hasRemaining() && buffer.size() == 0) {
      int n = fill(1);
      if (n <= 0) {
        return n;
      }
    }
    return buffer.take(dst);
  }

  /**
   * The one loop of the exact reads: moves {@code len} bytes into {@code array} from {@code off},
   * else into {@code dst}, else nowhere (a skip), counting them for the exceptions.
   */
  void exactly(byte[] array, ByteBuffer dst, int off, long len) throws IOException {
    long done = 0;
    try {
      while (done < len) {
        int n;
        if (array != null) {
          n = read(array, off + (int) done, (int) (len - done));
        } else if (dst != null) {
          n = read(dst);
        } else {
          n = buffer.size() > 0 || fill(1) > 0 ? buffer.drop(len - done) : 0;
        }
        if (n <= 0) {
          throw eof(done, len);
        }
        done += n;
      }
    } catch (TimedOutException e) {
      throw partly(e, done, len);
    }
  }

  void feed(byte[] chunk, int off, int len) {
    checkFeedable();
    buffer.append(chunk, off, len);
  }

  void feed(ByteBuffer chunk) {
    checkFeedable();
    buffer.append(chunk);
  }

  void finish() {
    checkFed("finish");
    ended = true;
  }

  void close() throws IOException {
    buffer.clear();
    if (source == null) {
      ended = true;
    } else {
      source.close();
    }
  }

  /** Reads once from the source into the buffer, with room for {@code wanted} bytes: see pull. */
  private int fill(int wanted) throws IOException {
    return pull(null, 0, wanted);
  }

  /**
   * The one call to the source, into {@code dst} or, if it is null, into the buffer with room for
   * {@code len} bytes: the count read, 0 if a fed input has no more bytes for now, -1 at the end.
   */
  private int pull(byte[] dst, int off, int len) throws IOException {
    if (ended) {
      return -1;
    }
    if (source == null) {
      return 0;
    }
    int n = dst == null ? buffer.readFrom(source, len) : source.read(dst, off, len);
    if (n < 0) {
      ended = true;
    }
    return n;
  }

  private void checkFeedable() {
    checkFed("feed");
    if (ended) {
      throw new IllegalStateException("feed: input already finished");
    }
  }

  private void checkFed(String operation) {
    if (source != null) {
      throw new IllegalStateException(operation + ": this input reads a stream (expected: ofChunks())");
    }
  }

  /** A time-out in the middle of an exact read: says how many of the bytes were moved already. */
  private static TimedOutException partly(TimedOutException e, long done, long wanted) {
    if (done == 0) {
      return e;
    }
    TimedOutException t = new TimedOutException(e.getMessage() + " after " + done + " of " + wanted
        + " bytes", e.kind(), e.limit(), done);
    t.initCause(e);
    return t;
  }

  private EndOfStreamException eof(long received, long expected) {
    return new EndOfStreamException(
        label + ": end of stream after " + received + " of " + expected + " bytes",
        received, expected);
  }
}
